/** What the review and archive pages show, as plain data (the routes fill it from `review/`). */

export type ChangeStateName = 'proposed' | 'needs-revision' | 'approved' | 'rejected' | 'applied' | 'superseded';

export interface PersonView {
  readonly name: string;
  readonly address: string;
}

export interface DiffStatView {
  readonly files: number;
  readonly additions: number;
  readonly deletions: number;
}

export interface ChangeRowView {
  readonly number: number;
  readonly href: string;
  readonly title: string;
  readonly state: ChangeStateName;
  readonly version: number;
  readonly author: PersonView;
  /** ISO 8601. */
  readonly date: string | undefined;
  readonly received: number;
  readonly total: number;
  readonly complete: boolean;
  readonly rfc: boolean;
  readonly prefixes: readonly string[];
  readonly stat: DiffStatView;
}

export interface MailTextView {
  readonly messageId: string;
  readonly href: string;
  readonly from: PersonView;
  readonly date: string | undefined;
  readonly subject: string;
  readonly text: string;
  readonly htmlOnly: boolean;
  /** Why a patch in it was refused, in the reader's language. */
  readonly refusal: readonly string[];
}

export interface FileStatView {
  readonly path: string;
  readonly oldPath: string | undefined;
  readonly additions: number;
  readonly deletions: number;
  readonly binary: boolean;
  /** Anchor of the file's diff in the page. */
  readonly anchor: string;
}

export interface PatchView {
  readonly index: number;
  readonly total: number;
  readonly title: string;
  readonly author: PersonView;
  readonly date: string | undefined;
  readonly messageHref: string;
  readonly inherited: boolean;
  readonly message: string;
  readonly trailers: readonly { readonly text: string; readonly fromReply: boolean }[];
  readonly files: readonly FileStatView[];
  readonly diff: string;
  /** The commit it became, once applied. */
  readonly appliedAs: string | undefined;
}

export interface PagePreviewView {
  readonly path: string;
  readonly status: 'added' | 'modified' | 'deleted' | 'renamed';
  readonly oldPath: string | undefined;
  readonly title: string;
  /** Sanitised HTML from the wiki's renderer. */
  readonly html: string | undefined;
  /** The page as it is now, when it exists. */
  readonly currentHref: string | undefined;
  readonly newBrokenLinks: readonly { readonly href: string; readonly reason: string }[];
}

export type PreviewView =
  | { readonly kind: 'preview'; readonly pages: readonly PagePreviewView[]; readonly brokenElsewhere: readonly string[]; readonly outsideWiki: readonly string[] }
  | { readonly kind: 'not-applicable'; readonly reason: string; readonly files: readonly string[] };

export interface ChangeEventView {
  readonly at: string;
  readonly actor: string;
  readonly via: 'web' | 'mail' | 'cli' | 'automatic';
  readonly from: ChangeStateName | undefined;
  readonly to: ChangeStateName | undefined;
  readonly note: string;
}

export interface ChangePageView {
  readonly row: ChangeRowView;
  readonly supersedes: { readonly number: number; readonly href: string } | undefined;
  readonly supersededBy: { readonly number: number; readonly href: string } | undefined;
  readonly missing: readonly number[];
  readonly coverLetter: string | undefined;
  readonly mboxHref: string;
  /** Absolute when the server knows its public address, so the command can be copied as is. */
  readonly mboxUrl: string;
  readonly patches: readonly PatchView[];
  readonly preview: PreviewView;
  readonly discussion: readonly MailTextView[];
  readonly events: readonly ChangeEventView[];
}

export interface ThreadRowView {
  readonly href: string;
  readonly subject: string;
  readonly from: PersonView;
  readonly messages: number;
  readonly lastAt: string;
}

export interface PageLinksView {
  readonly previousHref: string | undefined;
  readonly nextHref: string | undefined;
}
