import { describe, expect, it } from "vitest";
import {
  MAX_TIME_TEXT,
  OPEN_START,
  dayNumber,
  dayString,
  describeWindow,
  readDateOption,
  readTime,
} from "../../src/core/time.ts";

/** Sunday 29 March 2026: the moment most rows are asked at. */
const SUNDAY = "2026-03-29";

type Row = [question: string, moment: string, window: [string, string] | null, text?: string];

/** What a question names, read at a moment: the window and the text left to match. */
const WINDOWS: Row[] = [
  // Weeks run Monday to Sunday; "this week" stops at the moment.
  [
    "What did the minister say this week?",
    SUNDAY,
    ["2026-03-23", "2026-03-29"],
    "What did the minister say?",
  ],
  ["What did the minister say this week?", "2026-03-30", ["2026-03-30", "2026-03-30"]],
  [
    "What happened earlier this week?",
    "2026-03-26",
    ["2026-03-23", "2026-03-26"],
    "What happened?",
  ],
  ["What happened last week?", SUNDAY, ["2026-03-16", "2026-03-22"], "What happened?"],
  ["What happened last week?", "2026-03-30", ["2026-03-23", "2026-03-29"]],
  ["What happened last week?", "2026-01-02", ["2025-12-22", "2025-12-28"]],
  // "from" a period is that period, unless "on" or "onwards" makes it where the window starts.
  ["News from last week", SUNDAY, ["2026-03-16", "2026-03-22"], "News"],
  ["Any news from yesterday?", SUNDAY, ["2026-03-28", "2026-03-28"], "Any news?"],
  ["Strikes from last month", SUNDAY, ["2026-02-01", "2026-02-28"], "Strikes"],
  ["What happened from February onwards?", SUNDAY, ["2026-02-01", "2026-03-29"], "What happened?"],
  ["What happened from February on?", SUNDAY, ["2026-02-01", "2026-03-29"], "What happened?"],
  ["News from January forwards", SUNDAY, ["2026-01-01", "2026-03-29"], "News"],
  ["What was decided in the past week?", SUNDAY, ["2026-03-23", "2026-03-29"], "What was decided?"],
  ["What happened two weeks ago?", SUNDAY, ["2026-03-09", "2026-03-15"], "What happened?"],
  // A fortnight is two weeks, which chrono reads.
  ["News from the past fortnight", "2026-03-26", ["2026-03-13", "2026-03-26"], "News"],
  ["What happened over the last fortnight?", "2026-03-26", ["2026-03-13", "2026-03-26"]],
  ["Who scored this fortnight?", "2026-03-26", null],
  // Months and years, across their boundaries.
  ["Strikes this month", SUNDAY, ["2026-03-01", "2026-03-29"], "Strikes"],
  ["Strikes last month", SUNDAY, ["2026-02-01", "2026-02-28"], "Strikes"],
  ["Strikes last month", "2026-03-31", ["2026-02-01", "2026-02-28"]],
  ["Strikes last month", "2026-01-15", ["2025-12-01", "2025-12-31"]],
  ["Strikes two months ago", "2026-03-31", ["2026-01-01", "2026-01-31"]],
  ["Who won last year?", "2026-01-01", ["2025-01-01", "2025-12-31"], "Who won?"],
  ["Who won this year?", SUNDAY, ["2026-01-01", "2026-03-29"], "Who won?"],
  // Leap days.
  ["Rain yesterday", "2024-03-01", ["2024-02-29", "2024-02-29"], "Rain"],
  ["Rain last month", "2024-03-31", ["2024-02-01", "2024-02-29"]],
  ["Rain this month", "2024-02-29", ["2024-02-01", "2024-02-29"]],
  ["What happened on 29 February?", "2024-03-10", ["2024-02-29", "2024-02-29"], "What happened?"],
  // Asked in a year without one, 29 February is the latest before the moment; a year that
  // has none names no day.
  ["What happened on 29 February?", "2027-03-10", ["2024-02-29", "2024-02-29"], "What happened?"],
  ["What happened on Feb 29?", "2026-01-15", ["2024-02-29", "2024-02-29"], "What happened?"],
  ["Who was born on the 29th of February?", "2100-03-10", ["2096-02-29", "2096-02-29"]],
  ["What happened on 29 February 2027?", "2027-03-10", null],
  // Days.
  ["What happened yesterday?", SUNDAY, ["2026-03-28", "2026-03-28"], "What happened?"],
  ["What happened yesterday?", "2026-01-01", ["2025-12-31", "2025-12-31"]],
  ["Who spoke today?", SUNDAY, ["2026-03-29", "2026-03-29"], "Who spoke?"],
  ["What was found 3 days ago?", SUNDAY, ["2026-03-26", "2026-03-26"], "What was found?"],
  [
    "What did the mayor say on 3 March 2024?",
    SUNDAY,
    ["2024-03-03", "2024-03-03"],
    "What did the mayor say?",
  ],
  // Weekdays: the most recent one, today included; "last Monday" on a Monday is a week ago.
  ["What did he say on Monday?", SUNDAY, ["2026-03-23", "2026-03-23"], "What did he say?"],
  ["What did he say on Monday?", "2026-03-30", ["2026-03-30", "2026-03-30"]],
  ["What did he say last Monday?", "2026-03-30", ["2026-03-23", "2026-03-23"]],
  // Two weekdays joined by "or" or "and" are both read, though neither has "on" before it.
  ["What happened on Monday or Tuesday?", SUNDAY, ["2026-03-23", "2026-03-24"], "What happened?"],
  ["What did they say Monday and Tuesday?", SUNDAY, ["2026-03-23", "2026-03-24"]],
  // News writes a day without "on": after a lower-case word a bare weekday is a day…
  [
    "What did the mayor say Tuesday?",
    SUNDAY,
    ["2026-03-24", "2026-03-24"],
    "What did the mayor say?",
  ],
  ["A shooting Tuesday left four dead. Where?", SUNDAY, ["2026-03-24", "2026-03-24"]],
  ["Who won Tuesday's jackpot?", SUNDAY, ["2026-03-24", "2026-03-24"]],
  // …but not after "a", "every" or "that", before a capitalised word, or with no word before
  // it; and written in lower case, the case says nothing, so a festival stays a name.
  ["Is the market open every Monday?", SUNDAY, null],
  ["Is there a market every other Monday?", SUNDAY, null],
  ["What happened that Sunday?", SUNDAY, null],
  ["who won super tuesday", SUNDAY, null, "who won super tuesday"],
  ["best black friday deals", SUNDAY, null],
  ["Who plays Wednesday Addams?", SUNDAY, null, "Who plays Wednesday Addams?"],
  ["Wednesday is a hit. Who stars in it?", SUNDAY, null],
  // A capitalised word before a weekday makes it a name, not a day of this week.
  ["What happened on Super Tuesday?", SUNDAY, null, "What happened on Super Tuesday?"],
  [
    "Who sold most on Black Friday or Cyber Monday?",
    SUNDAY,
    null,
    "Who sold most on Black Friday or Cyber Monday?",
  ],
  // A weekday with a part of the day is that weekday, the most recent one, as "on Friday" is
  // (chrono alone reads the coming Friday evening, a day the library cannot hold yet)...
  ["What did Trump say Friday night?", SUNDAY, ["2026-03-27", "2026-03-27"], "What did Trump say?"],
  [
    "The tour ended on Thursday evening in which city?",
    SUNDAY,
    ["2026-03-26", "2026-03-26"],
    "The tour ended in which city?",
  ],
  ["What happened on Monday morning?", "2026-03-26", ["2026-03-23", "2026-03-23"]],
  ["What did Trump say Friday night?", "2026-03-25", ["2026-03-20", "2026-03-20"]],
  // ...unless the part of the day has a capital: then it is a name.
  ["Who hosted Saturday Night Live?", SUNDAY, null, "Who hosted Saturday Night Live?"],
  ["Which network shows Monday Night Football?", SUNDAY, null],
  // After "the", a day's name is part of another name: a weekday before a capitalised word,
  // and "today", "tonight" or "last night" always.
  ["Who wrote in the Sunday Times?", SUNDAY, null, "Who wrote in the Sunday Times?"],
  [
    "Which story ran in the Sunday Mirror this week?",
    SUNDAY,
    ["2026-03-23", "2026-03-29"],
    "Which story ran in the Sunday Mirror?",
  ],
  ["Who spoke on the Today programme?", SUNDAY, null, "Who spoke on the Today programme?"],
  ["Who appeared on the Tonight Show last week?", SUNDAY, ["2026-03-16", "2026-03-22"]],
  ["What happened on the last night of the tour?", SUNDAY, null],
  // "this Saturday" asked on a Friday is tomorrow: still to come, no period of the library's
  // (as "next Saturday" is not). Earlier in the week, "this Tuesday" is this week's.
  [
    "What issue is the focus of the march this Saturday?",
    "2026-03-27",
    null,
    "What issue is the focus of the march this Saturday?",
  ],
  ["What is planned for this coming Saturday?", "2026-03-27", null],
  ["What happened this Tuesday?", "2026-03-27", ["2026-03-24", "2026-03-24"], "What happened?"],
  ["What was decided this Friday?", "2026-03-27", ["2026-03-27", "2026-03-27"]],
  ["What happened this past Saturday?", "2026-03-27", ["2026-03-21", "2026-03-21"]],
  // "of" after "this week" does not make it a part of something else, as after "the last
  // week" it does.
  [
    "Who was found guilty this week of racketeering?",
    SUNDAY,
    ["2026-03-23", "2026-03-29"],
    "Who was found guilty of racketeering?",
  ],
  ["Which veteran died this week of Covid-19?", SUNDAY, ["2026-03-23", "2026-03-29"]],
  // A question typed in capitals is read as typed in small letters: its capitals make no
  // time word a name, as "USA TODAY" in a question in small letters does.
  [
    "WHAT DID THE MINISTER SAY LAST WEEK?",
    SUNDAY,
    ["2026-03-16", "2026-03-22"],
    "WHAT DID THE MINISTER SAY?",
  ],
  ["WHAT HAPPENED IN MAY", SUNDAY, ["2025-05-01", "2025-05-31"], "WHAT HAPPENED"],
  ["WHO MAY ATTEND THE SUMMIT?", SUNDAY, null, "WHO MAY ATTEND THE SUMMIT?"],
  // A duration counted from something else is no time of the question's, and does not
  // swallow the period before it.
  [
    "Which movie premiered in Japan this week, eight months after its worldwide release?",
    SUNDAY,
    ["2026-03-23", "2026-03-29"],
    "Which movie premiered in Japan, eight months after its worldwide release?",
  ],
  // A date after "the" is the date, before a word or not: "the March 3 vote" asked the next
  // day is about that day's vote.
  ["What happened on the 6th of January?", "2027-02-19", ["2027-01-06", "2027-01-06"]],
  ["What was the result of the March 3 vote?", "2026-03-04", ["2026-03-03", "2026-03-03"]],
  ["What did he say on the 3rd of March regarding tariffs?", SUNDAY, ["2026-03-03", "2026-03-03"]],
  ["What happened over the weekend?", SUNDAY, ["2026-03-28", "2026-03-29"], "What happened?"],
  ["What happened over the weekend?", "2026-04-01", ["2026-03-28", "2026-03-29"]],
  ["What happened last weekend?", SUNDAY, ["2026-03-21", "2026-03-22"]],
  // As British news writes it.
  ["What happened at the weekend?", "2026-03-26", ["2026-03-21", "2026-03-22"], "What happened?"],
  ["Who marched at the weekend in Leeds?", "2026-03-26", ["2026-03-21", "2026-03-22"]],
  ["What happened during the weekend?", SUNDAY, ["2026-03-28", "2026-03-29"], "What happened?"],
  // "since the weekend" runs from its Saturday to the moment.
  [
    "What has changed since the weekend?",
    "2026-04-01",
    ["2026-03-28", "2026-04-01"],
    "What has changed?",
  ],
  ["Which shops opened since the weekend market closed?", "2026-04-01", null],
  // A weekend that other words name is not the question's time: the words stay to be matched.
  [
    "Which film had the biggest opening weekend?",
    SUNDAY,
    null,
    "Which film had the biggest opening weekend?",
  ],
  // Month names: the most recent one begun by the moment.
  ["Who won in January?", SUNDAY, ["2026-01-01", "2026-01-31"], "Who won?"],
  ["Who won in January?", "2026-01-20", ["2026-01-01", "2026-01-20"]],
  ["Who won in May?", SUNDAY, ["2025-05-01", "2025-05-31"], "Who won?"],
  ["What happened in March 2024?", SUNDAY, ["2024-03-01", "2024-03-31"], "What happened?"],
  ["What happened in early March?", SUNDAY, ["2026-03-01", "2026-03-10"], "What happened?"],
  // Seasons (northern hemisphere, by months).
  ["What happened last summer?", SUNDAY, ["2025-06-01", "2025-08-31"], "What happened?"],
  ["What happened last summer?", "2026-09-10", ["2026-06-01", "2026-08-31"]],
  ["What happened this summer?", "2026-07-15", ["2026-06-01", "2026-07-15"]],
  ["Floods in the winter of 2022", SUNDAY, ["2021-12-01", "2022-02-28"], "Floods"],
  // Years after a preposition.
  ["Inflation in 2022", SUNDAY, ["2022-01-01", "2022-12-31"], "Inflation"],
  ["Inflation during 2021, and why?", SUNDAY, ["2021-01-01", "2021-12-31"], "Inflation, and why?"],
  // One end of a window: from a day to the moment, or from the beginning to a day.
  ["What changed since March?", SUNDAY, ["2026-03-01", "2026-03-29"], "What changed?"],
  ["What changed since 2020?", SUNDAY, ["2020-01-01", "2026-03-29"], "What changed?"],
  ["Who resigned until March 5?", SUNDAY, [OPEN_START, "2026-03-05"], "Who resigned?"],
  // A day still to come is the coming one, and no period to search: the words stay matched.
  ["Which law takes effect on April 2?", SUNDAY, null, "Which law takes effect on April 2?"],
  ["What happened on March 20?", SUNDAY, ["2026-03-20", "2026-03-20"], "What happened?"],
  // More than a month ahead, the day is last year's.
  ["What happened on May 11?", SUNDAY, ["2025-05-11", "2025-05-11"], "What happened?"],
  ["Who resigned before March 5?", SUNDAY, [OPEN_START, "2026-03-04"], "Who resigned?"],
  ["What happened after 3 March?", SUNDAY, ["2026-03-04", "2026-03-29"], "What happened?"],
  // Ranges.
  ["Storms between 3 March and 10 March", SUNDAY, ["2026-03-03", "2026-03-10"], "Storms"],
  ["Storms between January and March 2025", SUNDAY, ["2025-01-01", "2025-03-31"], "Storms"],
  ["Prices from 2020 to 2022", SUNDAY, ["2020-01-01", "2022-12-31"], "Prices"],
  // Not time at all: the question comes back as it was.
  ["What happened before the election?", SUNDAY, null, "What happened before the election?"],
  ["Who may attend?", SUNDAY, null, "Who may attend?"],
  ["Who led the march on Washington?", SUNDAY, null, "Who led the march on Washington?"],
  ["Was it found in 300 cases?", SUNDAY, null, "Was it found in 300 cases?"],
  ["Was it found in 2000 cases?", SUNDAY, null, "Was it found in 2000 cases?"],
  ["Who won the 2020 election?", SUNDAY, null, "Who won the 2020 election?"],
  ["Who planned the 9/11 attacks?", SUNDAY, null, "Who planned the 9/11 attacks?"],
  ["Who sat on the committee?", SUNDAY, null, "Who sat on the committee?"],
  ["What caused the fall of Rome?", SUNDAY, null, "What caused the fall of Rome?"],
  ["Who started the Arab Spring?", SUNDAY, null, "Who started the Arab Spring?"],
  // A season alone before a word of substance is a kind of thing, or with capitals a name.
  ["Who pitched best in spring training?", SUNDAY, null, "Who pitched best in spring training?"],
  ["What happened during the winter storm?", SUNDAY, null],
  ["What happened in Fall River?", SUNDAY, null],
  ["Who won gold at the last Summer Olympics?", SUNDAY, null],
  ["Who died in the fall?", SUNDAY, ["2025-09-01", "2025-11-30"], "Who died?"],
  ["Who married in the spring and divorced?", "2026-06-10", ["2026-03-01", "2026-05-31"]],
  // A season just ended is still "this summer"; one still to come is not in the library.
  ["What happened this summer?", "2026-10-05", ["2026-06-01", "2026-08-31"]],
  [
    "Will heating cost more this winter?",
    "2026-09-29",
    null,
    "Will heating cost more this winter?",
  ],
  // Relative words say when the question asks about; a fixed date in it is a fact it states.
  [
    "Borders closed in March 2020; what happened this week?",
    SUNDAY,
    ["2026-03-23", "2026-03-29"],
    "Borders closed in March 2020; what happened?",
  ],
  ["On Wednesday, the UN said what?", SUNDAY, ["2026-03-25", "2026-03-25"], "the UN said what?"],
  // A period far from the newest one is background: "last year" beside "this week".
  [
    "After losing last year, who won the race this week?",
    SUNDAY,
    ["2026-03-23", "2026-03-29"],
    "After losing last year, who won the race?",
  ],
  [
    "What happened last week and this week?",
    SUNDAY,
    ["2026-03-16", "2026-03-29"],
    "What happened?",
  ],
  // Numbers that belong to other words are not days or counts.
  [
    "Did COVID-19 cases rise this week?",
    SUNDAY,
    ["2026-03-23", "2026-03-29"],
    "Did COVID-19 cases rise?",
  ],
  ["Who lived here 10,000 years ago?", SUNDAY, null, "Who lived here 10,000 years ago?"],
  // A decade, or a time with its unit, is no second from now.
  ["Who was arrested in the 90s?", SUNDAY, null, "Who was arrested in the 90s?"],
  ["Which bands of the 1960s reunited?", SUNDAY, null],
  ["What went wrong in the 2h marathon attempt?", SUNDAY, null],
  [
    "Who was nominated for this year’s Emmys?",
    SUNDAY,
    ["2026-01-01", "2026-03-29"],
    "Who was nominated for Emmys?",
  ],
  ["What lights the summer night sky?", SUNDAY, null, "What lights the summer night sky?"],
  ["Which ruling may be overturned later this year?", SUNDAY, null],
  // A comparison names another period, not the one asked about.
  ["Are rents higher compared to a year ago?", SUNDAY, null],
  // Only the future: nothing in the library can be from then.
  ["What is planned for next week?", SUNDAY, null, "What is planned for next week?"],
  ["Will it rain tomorrow?", SUNDAY, null, "Will it rain tomorrow?"],
  // Of two periods, one inside the other, the narrower is asked about; both are taken out.
  [
    "The gala returned this week. What was this year's theme?",
    SUNDAY,
    ["2026-03-23", "2026-03-29"],
    "The gala returned. What was theme?",
  ],
  // A range read whole is a period, both ends last year's when asked before either.
  ["What happened from March to May?", "2026-01-15", ["2025-03-01", "2025-05-31"]],
  ["What happened since March?", "2026-01-15", ["2025-03-01", "2026-01-15"]],
  // chrono never reads a bare "May"; after the first month of a range, it is the month.
  [
    "What happened between March and May?",
    "2026-01-15",
    ["2025-03-01", "2025-05-31"],
    "What happened?",
  ],
  ["In March, May Jones said what?", "2026-01-15", ["2025-03-01", "2025-03-31"]],
  ["What happened between May and July?", SUNDAY, ["2025-05-01", "2025-07-31"], "What happened?"],
  ["What changed since May?", SUNDAY, ["2025-05-01", "2026-03-29"], "What changed?"],
  ["Did Johnson and May meet?", SUNDAY, null, "Did Johnson and May meet?"],
  // A verb after "May" makes it a person.
  ["What changed since May took office?", SUNDAY, null, "What changed since May took office?"],
  // Both ends in the past, as for "from December to May": not a May still to come.
  ["What happened between December and May?", "2026-01-15", ["2024-12-01", "2025-05-31"]],
  ["What happened between March and May?", "2026-04-10", ["2025-03-01", "2025-05-31"]],
  // After a start with its own year, "May" is the first May from then.
  ["What happened between January 2020 and May?", SUNDAY, ["2020-01-01", "2020-05-31"]],
  // An end named without its year is the first such day from the start, not the latest.
  ["What happened between 3 May 2025 and 9 June?", "2027-01-15", ["2025-05-03", "2025-06-09"]],
  ["What happened between January 2020 and March?", SUNDAY, ["2020-01-01", "2020-03-31"]],
  ["What happened between 29 February and 2 March?", "2027-03-10", ["2024-02-29", "2024-03-02"]],
  ["What happened from 10 June 2024 to 2 July?", "2027-01-15", ["2024-06-10", "2024-07-02"]],
  ["Sales from January 2025 to March", "2027-01-15", ["2025-01-01", "2025-03-31"]],
  // "today" and "yesterday" stay the moment's.
  ["What changed between May 2025 and today?", "2027-01-15", ["2025-05-01", "2027-01-15"]],
  ["What happened between 3 May 2025 and yesterday?", "2027-01-15", ["2025-05-03", "2027-01-14"]],
  // "The end of last year" is the end of last year, as "the end of 2025" is, not the
  // twelve months before the moment; "the middle of" and "the end of" cut last month and
  // last year as they cut a month or a year by its name.
  [
    "What was decided at the end of last year?",
    "2026-01-15",
    ["2025-09-01", "2025-12-31"],
    "What was decided?",
  ],
  [
    "What happened in the middle of last year?",
    SUNDAY,
    ["2025-05-01", "2025-08-31"],
    "What happened?",
  ],
  // A bare "early" or "late" before last year says how as often as when: it is not applied,
  // and stays a word to match.
  ["Who retired early last year?", SUNDAY, ["2025-01-01", "2025-12-31"], "Who retired early?"],
  [
    "Which trains were late last month?",
    SUNDAY,
    ["2026-02-01", "2026-02-28"],
    "Which trains were late?",
  ],
  [
    "What happened at the end of last month?",
    SUNDAY,
    ["2026-02-21", "2026-02-28"],
    "What happened?",
  ],
  // Quarters are calendar quarters: asked in March, last quarter is October–December.
  ["What were sales last quarter?", SUNDAY, ["2025-10-01", "2025-12-31"], "What were sales?"],
  ["What were sales this quarter?", SUNDAY, ["2026-01-01", "2026-03-29"], "What were sales?"],
  ["What happened two quarters ago?", SUNDAY, ["2025-07-01", "2025-09-30"], "What happened?"],
  ["What happened at the end of last quarter?", SUNDAY, ["2025-12-01", "2025-12-31"]],
  ["What happened in the past quarter?", SUNDAY, ["2025-12-30", "2026-03-29"], "What happened?"],
  // A quarter named with its year, by its number or its ordinal; a game's fourth quarter
  // is no time.
  ["What were sales in Q1 2025?", SUNDAY, ["2025-01-01", "2025-03-31"], "What were sales?"],
  ["What did Apple earn in 2025 Q3?", SUNDAY, ["2025-07-01", "2025-09-30"], "What did Apple earn?"],
  [
    "What were sales in the second quarter of 2025?",
    SUNDAY,
    ["2025-04-01", "2025-06-30"],
    "What were sales?",
  ],
  ["What were sales in the fourth quarter of last year?", SUNDAY, ["2025-10-01", "2025-12-31"]],
  ["Who fumbled in the fourth quarter?", SUNDAY, null, "Who fumbled in the fourth quarter?"],
  // The period before the last one.
  [
    "What happened the quarter before last?",
    "2026-03-31",
    ["2025-07-01", "2025-09-30"],
    "What happened?",
  ],
  ["What happened the week before last?", SUNDAY, ["2026-03-09", "2026-03-15"], "What happened?"],
  ["What happened the month before last?", SUNDAY, ["2026-01-01", "2026-01-31"], "What happened?"],
  [
    "How were sales in the year before last?",
    SUNDAY,
    ["2024-01-01", "2024-12-31"],
    "How were sales?",
  ],
  // Before something else is no time of the moment's.
  [
    "What happened the day before the vote?",
    SUNDAY,
    null,
    "What happened the day before the vote?",
  ],
  [
    "What did he do a week before the vote?",
    SUNDAY,
    null,
    "What did he do a week before the vote?",
  ],
  [
    "What happened the year before the war?",
    SUNDAY,
    null,
    "What happened the year before the war?",
  ],
  [
    "What happened in the week before last Christmas?",
    SUNDAY,
    null,
    "What happened in the week before last Christmas?",
  ],
  // "A year ago" is about this time a year ago: the days around the same day, not all of
  // last year.
  ["What happened a year ago?", SUNDAY, ["2025-03-14", "2025-04-13"], "What happened?"],
  // "A year ago today" is that very day.
  ["What happened a year ago today?", SUNDAY, ["2025-03-29", "2025-03-29"], "What happened?"],
  [
    "What happened a week ago today in Paris?",
    SUNDAY,
    ["2026-03-22", "2026-03-22"],
    "What happened in Paris?",
  ],
  // "This time last year" is "a year ago"; "this time last week" that very day. The words
  // "this time" go with the phrase, not into the words matched.
  ["What happened this time last year?", SUNDAY, ["2025-03-14", "2025-04-13"], "What happened?"],
  [
    "At this time last year, who led the league?",
    SUNDAY,
    ["2025-03-14", "2025-04-13"],
    "who led the league?",
  ],
  ["What happened this time last week?", SUNDAY, ["2026-03-22", "2026-03-22"], "What happened?"],
  ["What happened this time last month?", "2026-03-31", ["2026-02-28", "2026-02-28"]],
  ["Who won this time?", SUNDAY, null, "Who won this time?"],
  // A comparison with this time last year is not the period asked about.
  [
    "How are house prices compared with this time last year?",
    SUNDAY,
    null,
    "How are house prices compared with this time last year?",
  ],
  ["Are sales higher than this time last week?", SUNDAY, null],
  // A month back from 31 March is the last day of February, as a year back from 29
  // February is 28 February.
  ["What happened a month ago today?", "2026-03-31", ["2026-02-28", "2026-02-28"]],
  ["What happened a year ago today?", "2024-02-29", ["2023-02-28", "2023-02-28"]],
  // The further back, the vaguer: two years ago is two months around the day, ten years
  // ago ten.
  ["What did he promise two years ago?", SUNDAY, ["2024-02-28", "2024-04-28"]],
  ["What happened 10 years ago?", SUNDAY, ["2015-10-31", "2016-08-26"], "What happened?"],
  // A time word in capitals is a name.
  ["Which museum won the USA TODAY award?", SUNDAY, null, "Which museum won the USA TODAY award?"],
  // A part of a month or year named before "of", as "early", "mid" and "late" name it; the
  // words that name it ("at the end of") go with the period.
  ["What happened at the end of February?", SUNDAY, ["2026-02-21", "2026-02-28"], "What happened?"],
  ["What happened at end of February?", SUNDAY, ["2026-02-21", "2026-02-28"], "What happened?"],
  [
    "What happened at the beginning of March?",
    SUNDAY,
    ["2026-03-01", "2026-03-10"],
    "What happened?",
  ],
  ["What changed since the start of March?", SUNDAY, ["2026-03-01", "2026-03-29"], "What changed?"],
  ["What happened in the middle of February?", SUNDAY, ["2026-02-11", "2026-02-20"]],
  ["Who resigned by the end of February?", SUNDAY, [OPEN_START, "2026-02-28"], "Who resigned?"],
  [
    "What happened in the first week of March?",
    SUNDAY,
    ["2026-03-01", "2026-03-07"],
    "What happened?",
  ],
  ["What happened in the fourth week of February?", SUNDAY, ["2026-02-22", "2026-02-28"]],
  // "the last week of March" is March's, not last week.
  [
    "What happened in the last week of March?",
    "2026-06-15",
    ["2026-03-25", "2026-03-31"],
    "What happened?",
  ],
  ["What happened in the last week of 2025?", SUNDAY, ["2025-12-25", "2025-12-31"]],
  [
    "What happened in the last week of the campaign?",
    SUNDAY,
    null,
    "What happened in the last week of the campaign?",
  ],
  ["What happened at the end of 2025?", SUNDAY, ["2025-09-01", "2025-12-31"], "What happened?"],
  ["What happened in the first week of 2025?", SUNDAY, ["2025-01-01", "2025-01-07"]],
  // …but the end of something else is no time.
  ["Who won at the end of the season?", SUNDAY, null, "Who won at the end of the season?"],
  ["Who was at the start of the line?", SUNDAY, null, "Who was at the start of the line?"],
  // The last hours reach back over the days they cover, up to a week's.
  ["What happened in the last 24 hours?", SUNDAY, ["2026-03-28", "2026-03-29"], "What happened?"],
  ["What happened over the past 72 hours?", SUNDAY, ["2026-03-26", "2026-03-29"], "What happened?"],
  ["What happened in the last 500 hours?", SUNDAY, null],
  // An hour or a few, as chrono counts them, reach back over the day before too.
  ["What happened in the last hour?", SUNDAY, ["2026-03-28", "2026-03-29"], "What happened?"],
  ["What happened in the past few hours?", SUNDAY, ["2026-03-28", "2026-03-29"]],
  ["What happened in the last few hours of the campaign?", SUNDAY, null],
  // A month still to come, in a question about the future, is no period of the library's;
  // in the past tense, or further than half a year ahead, it is the last one.
  [
    "When will the tram line open in February?",
    "2026-01-15",
    null,
    "When will the tram line open in February?",
  ],
  ["Which country will host the final in July?", "2026-01-15", null],
  ["Will they meet at the end of May?", "2026-01-15", null],
  ["What happened in February?", "2026-01-15", ["2025-02-01", "2025-02-28"], "What happened?"],
  ["Will the strike that began in December end?", "2026-01-15", ["2025-12-01", "2025-12-31"]],
  // A part of last month is read as a part of a month by its name…
  [
    "What happened in the first week of last month?",
    SUNDAY,
    ["2026-02-01", "2026-02-07"],
    "What happened?",
  ],
  // …but a week has no parts: "the start of last week" is last week, and the words of the
  // part, not applied, stay to be matched.
  [
    "What happened at the start of last week?",
    SUNDAY,
    ["2026-03-16", "2026-03-22"],
    "What happened at the start?",
  ],
  ["What happened at the end of February 2025?", SUNDAY, ["2025-02-21", "2025-02-28"]],
  [
    "What happened at the beginning of May?",
    SUNDAY,
    ["2025-05-01", "2025-05-10"],
    "What happened?",
  ],
  ["What happened in the second week of May?", SUNDAY, ["2025-05-08", "2025-05-14"]],
  [
    "What happened in the last 24 hours of the campaign?",
    SUNDAY,
    null,
    "What happened in the last 24 hours of the campaign?",
  ],
  // The future is told by the words before the month, "will" as a verb; a coming month
  // may be in the next year.
  ["Will the line open in February?", "2025-11-15", null],
  ["Will they meet at the beginning of May?", SUNDAY, null],
  ["Will the line open on 15 May?", SUNDAY, null, "Will the line open on 15 May?"],
  ["What happened on 15 May?", SUNDAY, ["2025-05-15", "2025-05-15"], "What happened?"],
  ["Who wrote the will in April?", SUNDAY, ["2025-04-01", "2025-04-30"], "Who wrote the will?"],
  ["Who won the Will Smith award in April?", SUNDAY, ["2025-04-01", "2025-04-30"]],
  ["What did she say in April about what will happen?", SUNDAY, ["2025-04-01", "2025-04-30"]],
  ["What was expected to happen in April?", SUNDAY, ["2025-04-01", "2025-04-30"]],
  // "at the weekend market" is a market.
  ["Who sold food at the weekend market?", SUNDAY, null, "Who sold food at the weekend market?"],
  // A month that is also a given name, before a capitalised word, names a person.
  ["Which revival by August Wilson won best revival?", "2017-07-01", null],
  [
    "What did the president say to April Ryan?",
    SUNDAY,
    null,
    "What did the president say to April Ryan?",
  ],
  ["Which songs of June Carter were released?", SUNDAY, null],
  ["What happened by August?", "2017-07-01", [OPEN_START, "2016-08-31"]],
  // "last March" is a March that is over; "since last December" runs from it on.
  ["What happened last March?", "2026-03-25", ["2025-03-01", "2025-03-31"], "What happened?"],
  ["What happened last March?", "2026-04-02", ["2026-03-01", "2026-03-31"]],
  // "this June" is this year's, as "this year" is: asked in March, still to come.
  ["What is planned for this June?", SUNDAY, null, "What is planned for this June?"],
  ["What happened this March?", SUNDAY, ["2026-03-01", "2026-03-29"], "What happened?"],
  [
    "How have flu cases changed since last December?",
    "2026-01-20",
    ["2025-12-01", "2026-01-20"],
    "How have flu cases changed?",
  ],
  // A month and "last year" are one period, which chrono reads as two.
  [
    "Which tariffs took effect in March last year?",
    "2026-03-25",
    ["2025-03-01", "2025-03-31"],
    "Which tariffs took effect?",
  ],
  ["Who won in May this year?", "2026-06-10", ["2026-05-01", "2026-05-31"], "Who won?"],
  // Dates written in digits.
  ["What happened on 3/4/2025?", SUNDAY, ["2025-03-04", "2025-03-04"], "What happened?"],
  ["What happened on 2025-04-05?", SUNDAY, ["2025-04-05", "2025-04-05"], "What happened?"],
  // A day no calendar has is no period, not the 13th of January.
  ["What happened on 2026-13-01?", SUNDAY, null, "What happened on 2026-13-01?"],
  ["How many died in the 2015-16 season?", SUNDAY, null],
  // A weekend still to come in a question about the future is no period yet; a weekday
  // stays one, since "will" may be about what follows it ("the coach fired on Friday").
  ["Will the union strike over the weekend?", "2025-03-12", null],
  ["What will happen this weekend?", "2025-03-15", ["2025-03-15", "2025-03-15"]],
  ["Who will replace the coach fired on Friday?", "2025-03-12", ["2025-03-07", "2025-03-07"]],
  // "march" is a month only where a month may be, even before "last year"; a part of the
  // month stays with it.
  [
    "Where did the march last year end?",
    "2026-03-25",
    ["2025-01-01", "2025-12-31"],
    "Where did the march end?",
  ],
  ["What happened in early March last year?", "2026-03-25", ["2025-03-01", "2025-03-10"]],
  // …and before "this week", which chrono reads with the month as one phrase.
  [
    "Who joined the march this week?",
    SUNDAY,
    ["2026-03-23", "2026-03-29"],
    "Who joined the march?",
  ],
  [
    "Which march this week drew most people?",
    SUNDAY,
    ["2026-03-23", "2026-03-29"],
    "Which march drew most people?",
  ],
  ["What happened in late March this year?", "2026-03-25", ["2026-03-21", "2026-03-25"]],
  // After "the", a month alone is a thing of its own; with its year it is the month.
  [
    "Who spoke during the March for Our Lives?",
    SUNDAY,
    null,
    "Who spoke during the March for Our Lives?",
  ],
  ["What happened in the March of 2020?", SUNDAY, ["2020-03-01", "2020-03-31"]],
  // A month that may be a name stays a month after "in".
  ["In August Tesla recalled how many cars?", "2025-10-01", ["2025-08-01", "2025-08-31"]],
];

describe("readTime windows", () => {
  it.each(WINDOWS)("%s (asked %s)", (question, moment, window, text) => {
    const reading = readTime(question, moment);
    expect(reading.window).toEqual(window === null ? null : { from: window[0], to: window[1] });
    if (text !== undefined) expect(reading.text).toBe(text);
  });
});

describe("readTime phrases and the current state", () => {
  it("keeps the phrase as written, without in/on/during", () => {
    expect(readTime("What happened last week?", SUNDAY).phrase).toBe("last week");
    expect(readTime("Who won in January?", SUNDAY).phrase).toBe("January");
    expect(readTime("What changed since March?", SUNDAY).phrase).toBe("since March");
    expect(readTime("Storms between 3 March and 10 March", SUNDAY).phrase).toBe(
      "between 3 March and 10 March",
    );
    expect(readTime("What happened before the election?", SUNDAY).phrase).toBeNull();
    expect(readTime("What happened on Monday or Tuesday?", SUNDAY).phrase).toBe(
      "Monday or Tuesday",
    );
    expect(readTime("Who won this year’s Emmys?", SUNDAY).phrase).toBe("this year");
  });

  it.each([
    ["What is the latest on the strike?", "What is on the strike?"],
    ["What are the newest rules?", "What are the rules?"],
    ["What happened recently at the port?", "What happened at the port?"],
    ["Who runs the club now?", "Who runs the club?"],
    ["Is the bridge still closed?", "Is the bridge closed?"],
    ["How many ships have sunk so far?", "How many ships have sunk?"],
    ["Who is currently in charge?", "Who is in charge?"],
    ["What did the most recent report find?", "What did the report find?"],
  ])("%s asks for the current state", (question, text) => {
    const reading = readTime(question, SUNDAY);
    expect(reading.wantsLatest).toBe(true);
    expect(reading.window).toBeNull();
    expect(reading.text).toBe(text);
  });

  it("says whether the window depends on the moment or is a date the question states", () => {
    expect(readTime("What happened last week?", SUNDAY).relative).toBe(true);
    expect(readTime("Who won in January?", SUNDAY).relative).toBe(true);
    // chrono gives these a year of their own, yet they name a day by the moment.
    for (const words of ["yesterday", "today", "last night", "earlier this year"]) {
      expect(readTime(`What did the mayor say ${words}?`, SUNDAY).relative).toBe(true);
    }
    expect(readTime("What did they sign in 2022?", SUNDAY).relative).toBe(false);
    expect(readTime("What did the mayor say on 3 March 2024?", SUNDAY).relative).toBe(false);
    expect(readTime("Who may attend?", SUNDAY).relative).toBe(false);
  });

  it('flags "current" but keeps it, since it is part of names such as "current account"', () => {
    const reading = readTime("What is the current account deficit?", SUNDAY);
    expect(reading.wantsLatest).toBe(true);
    expect(reading.text).toBe("What is the current account deficit?");
  });

  it.each([
    // A lyric, a title, someone's words: what a question quotes is not when it asks about.
    ['Which Beatles song begins "Yesterday, all my troubles seemed so far away"?', null],
    ["Lincoln’s address begins “Four score and seven years ago”. How long is a score?", null],
    ['Who directed the film "Still Alice"?', null],
    ["What did she mean by 'latest'?", null],
    // Time words outside the quotation still count…
    ["Who sang “Last Christmas” this week?", "this week"],
    ["Who said 'not now' yesterday?", "yesterday"],
    // …and apostrophes and inches are no quotation marks.
    ["What did Harry's team say this week about Meghan's book?", "this week"],
    ["What did the players' union say this week?", "this week"],
    ["Which ‘90s band split up yesterday and what’s next?", "yesterday"],
    ["What did the '90s band say yesterday about the players' union?", "yesterday"],
    ['Which 12" single sold most this week, and the 7"?', "this week"],
    // A quotation keeps a time word from the word on its other side: no "on Monday" here,
    // and "by … yesterday" is yesterday, not everything up to it.
    ['What did they say on "GMA" Monday?', null],
    ['What did he mean by "still" yesterday?', "yesterday"],
  ])("%s reads time only outside its quotations", (question, phrase) => {
    const reading = readTime(question, SUNDAY);
    expect(reading.phrase).toBe(phrase);
    expect(reading.window === null).toBe(phrase === null);
    if (phrase === null) {
      // The quoted words stay in the text that is matched, and ask for no current state.
      expect(reading.text).toBe(question);
      expect(reading.wantsLatest).toBe(false);
    }
  });

  it("does not ask for the current state when nothing says so", () => {
    expect(readTime("How did the strike begin?", SUNDAY).wantsLatest).toBe(false);
    expect(readTime("What happened last week?", SUNDAY).wantsLatest).toBe(false);
  });

  it("reads no time when the moment is not a day", () => {
    const reading = readTime("What happened last week?", "soon");
    expect(reading.window).toBeNull();
    expect(reading.text).toBe("What happened last week?");
  });

  it("reads time words only in the first 2,000 characters and keeps the rest of the text", () => {
    const filler = "strike ".repeat(Math.ceil(MAX_TIME_TEXT / 7)).slice(0, MAX_TIME_TEXT);
    const reading = readTime(`${filler} last week`, SUNDAY);
    expect(reading.window).toBeNull();
    expect(reading.text.endsWith("last week")).toBe(true);
  });

  it("reads a hostile 2,000-character question of dates to one window", () => {
    const hostile = "12/12/12 on 3 March 2024 since last week 1 in March "
      .repeat(40)
      .slice(0, 2000);
    const reading = readTime(hostile, SUNDAY);
    expect(reading.window).not.toBeNull();
    expect(reading.text.length).toBeLessThan(hostile.length);
  });
});

describe("readDateOption", () => {
  it.each([
    ["2026-01-01", "start", "2026-01-01"],
    ["2026-01-01", "end", "2026-01-01"],
    ["last month", "start", "2026-02-01"],
    ["last month", "end", "2026-02-28"],
    ["March", "start", "2026-03-01"],
    ["March", "end", "2026-03-31"],
    ["may", "start", "2025-05-01"],
    ["2022", "end", "2022-12-31"],
    ["summer 2022", "start", "2022-06-01"],
    ["last week", "start", "2026-03-16"],
    ["yesterday", "end", "2026-03-28"],
    ["on Monday", "start", "2026-03-23"],
    ["2026-02", "end", "2026-02-28"],
    ["since March", "end", SUNDAY],
    ["the past 7 days", "start", "2026-03-23"],
    ["29 Feb", "end", "2024-02-29"],
    ["this June", "start", "2026-06-01"],
  ] as const)("reads %s as the %s day %s", (value, edge, day) => {
    expect(readDateOption(value, SUNDAY, edge)).toBe(day);
  });

  it("reads a weekday still to come this week as that day", () => {
    // Asked on a Friday, "until this Saturday" ends tomorrow, not last Saturday.
    expect(readDateOption("this Saturday", "2026-03-27", "end")).toBe("2026-03-28");
  });

  it.each([
    "",
    "soon",
    "the election",
    "March and the strike",
    "2026-02-30",
    "2026-13-01",
    "2026-31-12",
    "2026-13",
    "x".repeat(500),
  ])("rejects %j", (value) => {
    expect(readDateOption(value, SUNDAY, "start")).toBeNull();
  });
});

describe("describeWindow", () => {
  it.each([
    [{ from: "2026-03-23", to: "2026-03-29" }, "23–29 March"],
    [{ from: "2026-02-23", to: "2026-03-01" }, "23 February – 1 March"],
    [{ from: "2025-12-29", to: "2026-01-04" }, "29 December 2025 – 4 January 2026"],
    [{ from: "2024-03-03", to: "2024-03-03" }, "3 March 2024"],
    [{ from: "2026-03-03", to: "2026-03-03" }, "3 March"],
    [{ from: "2022-01-01", to: "2022-12-31" }, "1 January – 31 December 2022"],
    [{ from: OPEN_START, to: "2026-03-04" }, "until 4 March"],
  ])("labels %j as %s", (window, label) => {
    expect(describeWindow(window, SUNDAY)).toBe(label);
  });
});

describe("day numbers", () => {
  it("counts days from 1970-01-01 and back", () => {
    expect(dayNumber("1970-01-01")).toBe(0);
    expect(dayNumber("2024-02-29")).toBe(19782);
    expect(dayString(19782)).toBe("2024-02-29");
    expect(dayString(dayNumber(OPEN_START))).toBe(OPEN_START);
  });

  it("gives NaN for days that do not exist", () => {
    expect(dayNumber("2023-02-29")).toBeNaN();
    expect(dayNumber("2026-13-01")).toBeNaN();
    expect(dayNumber("26-03-01")).toBeNaN();
  });
});
