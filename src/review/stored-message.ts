/**
 * A parsed message as the archive keeps it (JSON beside the raw mail), and back. `PARSED_VERSION`
 * names the shape: rows written with another one are parsed again from their raw mail when read.
 */
import { parseMessage, type ParsedMessage } from '../mail/message.js';

export const PARSED_VERSION = 1;

export function storedJson(message: ParsedMessage): string {
  return JSON.stringify(message);
}

export function fromStoredJson(text: string): ParsedMessage {
  const value = JSON.parse(text) as ParsedMessage & { date?: string };
  return { ...value, date: typeof value.date === 'string' ? new Date(value.date) : undefined };
}

/** The parsed form of a stored row: its JSON when current, else its raw mail parsed again. */
export async function readStored(row: { parsed_version: number; parsed: string; raw: Uint8Array }): Promise<ParsedMessage | undefined> {
  if (row.parsed_version === PARSED_VERSION) return fromStoredJson(row.parsed);
  const parsed = await parseMessage(Buffer.from(row.raw));
  return parsed.kind === 'message' ? parsed : undefined;
}
