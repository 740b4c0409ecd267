/**
 * Reading feed documents (the parser thread's work, run here directly).
 */
import { describe, expect, it } from "vitest";
import { extractFeedHtml } from "../../src/feeds/extractArticle.ts";
import { parseFeed } from "../../src/feeds/parseFeed.ts";

const options = { feedUrl: "https://news.example/feed.xml", maxItems: 500 };

describe("parseFeed", () => {
  it("gives the same answer for the same document every time, whatever came before", async () => {
    const broken = `<?xml version="1.0"?><rss version="2.0"><channel><title>Bad &bogus; news</title>
<item><guid>b-1</guid><title>Also &bogus;</title><link>https://news.example/b-1</link></item></channel></rss>`;
    const good = `<?xml version="1.0"?><rss version="2.0"><channel><title>Good news</title>
<item><guid>g-1</guid><title>Fine</title><link>https://news.example/g-1</link></item></channel></rss>`;
    const outcomes: string[] = [];
    for (const body of [broken, broken, good, broken, good]) {
      try {
        outcomes.push(`read ${(await parseFeed(body, options)).title ?? ""}`);
      } catch (err) {
        outcomes.push(`refused: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const refused = "refused: not an RSS or Atom feed (Invalid character entity)";
    expect(outcomes).toEqual([refused, refused, "read Good news", refused, "read Good news"]);
  });
});

describe("feed titles", () => {
  it("are plain text: an HTML title's entities decoded and tags dropped, a text title kept as written", async () => {
    const atom = await parseFeed(
      `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
<title type="html">Arts &amp;amp; &lt;b&gt;Culture&lt;/b&gt;</title><id>urn:arts</id>
<entry><id>urn:arts:1</id><title type="html">Rock &amp;amp; Roll &lt;em&gt;returns&lt;/em&gt;</title><link href="/rock"/></entry>
<entry><id>urn:arts:2</id><title>Why &lt;div&gt; &amp;amp; friends matter</title><link href="/div"/></entry>
</feed>`,
      options,
    );
    expect(atom.title).toBe("Arts & Culture");
    expect(atom.items.map((item) => item.title)).toEqual([
      "Rock & Roll returns",
      "Why <div> &amp; friends matter",
    ]);

    const rss = await parseFeed(
      `<rss version="2.0"><channel><title>Caf&amp;eacute; Society</title>
<item><guid>c-1</guid><title><![CDATA[Prices <b>rise</b> &#8212; again & again]]></title></item>
<item><guid>c-2</guid><title>5 &lt; 6, say economists</title></item>
</channel></rss>`,
      options,
    );
    expect(rss.title).toBe("Café Society");
    expect(rss.items.map((item) => item.title)).toEqual([
      "Prices rise — again & again",
      "5 < 6, say economists",
    ]);
  });

  it("are an Atom XHTML title's text: its markup dropped, entities decoded, white space collapsed", async () => {
    const atom = await parseFeed(
      `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Arts &amp; <b>Culture</b>
    &#8212; weekly</div></title><id>urn:arts</id>
<entry><id>urn:arts:1</id><title type="xhtml">
  <div xmlns="http://www.w3.org/1999/xhtml">Rock &amp; Roll <em>returns</em> to &lt;main street&gt;</div>
</title><link href="/rock"/></entry>
<entry><id>urn:arts:2</id><title type="xhtml"><xhtml:div xmlns:xhtml="http://www.w3.org/1999/xhtml"><xhtml:strong>Less</xhtml:strong> is more</xhtml:div></title><link href="/less"/></entry>
<entry><id>urn:arts:3</id><title type="html">Jazz &amp;amp; &lt;i&gt;blues&lt;/i&gt;</title><link href="/jazz"/></entry>
<entry><id>urn:arts:4</id><title type="xhtml">Why &lt;div&gt; matters</title><link href="/div"/></entry>
</feed>`,
      options,
    );
    expect(atom.title).toBe("Arts & Culture — weekly");
    expect(atom.items.map((item) => item.title)).toEqual([
      "Rock & Roll returns to <main street>",
      "Less is more",
      "Jazz & blues",
      "Why <div> matters",
    ]);
  });

  it("are an RSS title's text when it holds markup: in document order, entities decoded, white space collapsed", async () => {
    const rss = await parseFeed(
      `<rss version="2.0"><channel><title>City <b>Desk</b> &amp; more</title>
<item><guid>r-1</guid><title>Budget <b>passed</b> &amp; signed</title></item>
<item><guid>r-2</guid><title><![CDATA[Prices <b>rise</b>]]> and <em>fall</em>
    &#8212; again</title></item>
<item><guid>r-3</guid><title>Ports <em>one</em>, <em>two</em> and <strong>three</strong> reopen</title></item>
<item><guid>r-4</guid><title>Caf&amp;eacute; &lt;b&gt;Society&lt;/b&gt;</title></item>
</channel></rss>`,
      options,
    );
    expect(rss.title).toBe("City Desk & more");
    expect(rss.items.map((item) => item.title)).toEqual([
      "Budget passed & signed",
      "Prices rise and fall — again",
      "Ports one, two and three reopen",
      "Café Society",
    ]);

    const rdf = await parseFeed(
      `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://news.example/"><title>Wire <em>Service</em></title><link>https://news.example/</link><description>Wires</description></channel>
<item rdf:about="https://news.example/storm"><title>Storm <b>hits</b> the <i>coast</i> &amp; islands</title><link>https://news.example/storm</link></item>
<item rdf:about="https://news.example/tide"><title>High tide &lt;i&gt;expected&lt;/i&gt;</title><link>https://news.example/tide</link></item>
</rdf:RDF>`,
      options,
    );
    expect(rdf.title).toBe("Wire Service");
    expect(rdf.items.map((item) => item.title)).toEqual([
      "Storm hits the coast & islands",
      "High tide expected",
    ]);
  });

  it("are read when their markup nests 100,000 elements deep", async () => {
    // Nested this deep, the markup past the first levels is read as its text.
    const nested = (text: string) => `${"<b>".repeat(100_000)}${text}${"</b>".repeat(100_000)}`;
    const rss = await parseFeed(
      `<rss version="2.0"><channel><title>${nested("City &amp; Desk")}</title>
<item><guid>d-1</guid><title>Budget ${nested("passed &amp; signed")} today</title></item>
<item><guid>d-2</guid><title>Ferry terminal approved</title></item>
</channel></rss>`,
      options,
    );
    expect(rss.title).toBe("City & Desk");
    expect(rss.items.map((item) => item.title)).toEqual([
      "Budget passed & signed today",
      "Ferry terminal approved",
    ]);
  });
});

describe("item HTML", () => {
  it("is read whole and in order when the feed writes its markup as elements rather than escaped", async () => {
    const rss = await parseFeed(
      `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>City Desk</title>
<item><guid>h-1</guid><description>The council voted to <b>extend</b> the night buses &amp; trams.</description></item>
<item><guid>h-2</guid><description><p>One <b>bold</b> step</p><ul><li>a list</li></ul><p>then more</p></description></item>
<item><guid>h-3</guid><content:encoded><p>Full <em>text</em> here</p><![CDATA[<p>and &amp; more</p>]]></content:encoded><description>A summary</description></item>
<item><guid>h-4</guid><description>&lt;p&gt;Escaped &amp;amp; <![CDATA[<b>as before</b>]]>&lt;/p&gt;</description></item>
</channel></rss>`,
      options,
    );
    expect(rss.items.map((item) => item.html)).toEqual([
      "The council voted to <b>extend</b> the night buses & trams.",
      "<p>One <b>bold</b> step</p><ul><li>a list</li></ul><p>then more</p>",
      "<p>Full <em>text</em> here</p><p>and &amp; more</p>",
      "<p>Escaped &amp; <b>as before</b></p>",
    ]);

    const atom = await parseFeed(
      `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Arts</title><id>urn:arts</id>
<entry><id>urn:arts:1</id><title>One</title><content type="xhtml">
  <div xmlns="http://www.w3.org/1999/xhtml"><p>Rock <b>returns</b> to town</p><p>Tickets &amp; times</p></div>
</content></entry>
<entry><id>urn:arts:2</id><title>Two</title><summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Jazz <i>is</i> back</div></summary></entry>
<entry><id>urn:arts:3</id><title>Three</title><content type="html">&lt;p&gt;Blues &amp;amp; soul&lt;/p&gt;</content></entry>
</feed>`,
      options,
    );
    expect(atom.items.map((item) => item.html?.trim())).toEqual([
      '<div xmlns="http://www.w3.org/1999/xhtml"><p>Rock <b>returns</b> to town</p><p>Tickets &amp; times</p></div>',
      '<div xmlns="http://www.w3.org/1999/xhtml">Jazz <i>is</i> back</div>',
      "<p>Blues &amp; soul</p>",
    ]);
  });
});

describe("item HTML nested deep", () => {
  it("is read when an Atom XHTML content nests 100,000 elements deep", async () => {
    // Past the first levels its markup is read as text, the words of its paragraphs apart.
    const atom = await parseFeed(
      `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Arts</title><id>urn:arts</id>
<entry><id>urn:arts:1</id><title>Deep</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${"<div>".repeat(100_000)}<p>The walrus swam.</p><p>Then it slept &amp; ate.</p>${"</div>".repeat(100_000)}</div></content></entry>
<entry><id>urn:arts:2</id><title>Flat</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Jazz is back</p></div></content></entry>
</feed>`,
      options,
    );
    expect(atom.items.map((item) => item.title)).toEqual(["Deep", "Flat"]);
    const [deep, flat] = atom.items.map((item) => extractFeedHtml(item.html ?? ""));
    expect(deep).toEqual([{ kind: "paragraph", text: "The walrus swam. Then it slept & ate." }]);
    expect(flat).toEqual([{ kind: "paragraph", text: "Jazz is back" }]);
  });
});
