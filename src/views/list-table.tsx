import type { Child } from 'hono/jsx';

/**
 * A table of rows under a row of column names, as every list of the site is drawn (proposals, mails,
 * history, accounts, tokens, the audit log): the caption, when given, is for screen readers, since the
 * heading above the table already says it to the eye.
 */
export function ListTable(props: { class: string; caption?: string; columns: readonly string[]; children?: Child }) {
  return (
    <table class={props.class}>
      {props.caption === undefined ? null : <caption class="visually-hidden">{props.caption}</caption>}
      <thead>
        <tr>
          {props.columns.map((column) => (
            <th scope="col">{column}</th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}
