import type { NavEntry } from './model.js';

/**
 * After a folder's name in the side navigation: a visible `/` (not read aloud) and the word "folder"
 * for screen readers, in each theme's visually-hidden class. Pages have none.
 */
export function FolderMark(props: { entry: NavEntry; hidden: string; word: string }) {
  if (props.entry.kind !== 'folder') return null;
  return (
    <>
      <span class="nav-mark" aria-hidden="true">
        /
      </span>
      <span class={props.hidden}> ({props.word})</span>
    </>
  );
}
