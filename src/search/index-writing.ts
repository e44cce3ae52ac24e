/** A page as the index stores it. */
export interface IndexedPage {
  path: string;
  /** Its folder ('' at the root), for the folder filter. */
  folder: string;
  /** The content id the text was read from: a page is read again only when it changes. */
  blob: string;
  title: string;
  headings: string;
  body: string;
}

/** One update of the index being written: pages added batch by batch, then the revision they make. */
export interface IndexWriting {
  add(pages: readonly IndexedPage[]): void | Promise<void>;
  commit(revision: string): void | Promise<void>;
  rollback(): void | Promise<void>;
}
