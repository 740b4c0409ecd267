/**
 * The spelling corrector knows at most this many library words, the first met. A real
 * vocabulary (26,569 news articles) has about 300,000; a library of random tokens could
 * have millions, each costing a node of the search tree. (In a file of its own, so code
 * that only needs the number does not load the corrector.)
 */
export const MAX_VOCABULARY = 500_000;
