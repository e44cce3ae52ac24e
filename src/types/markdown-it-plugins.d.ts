// These two plugins ship no type declarations; both are plain markdown-it plugins.
declare module 'markdown-it-footnote' {
  import type MarkdownIt from 'markdown-it';
  type PluginSimple = (md: MarkdownIt) => void;
  const footnote: PluginSimple;
  export default footnote;
}
declare module 'markdown-it-task-lists' {
  import type MarkdownIt from 'markdown-it';
  type PluginWithOptions<T> = (md: MarkdownIt, options?: T) => void;
  const taskLists: PluginWithOptions<{ enabled?: boolean; label?: boolean; labelAfter?: boolean }>;
  export default taskLists;
}
