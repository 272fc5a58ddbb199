/**
 * Case-insensitive "contains" matching for FusionAuth's name searches (`*` is a wildcard), written once
 * for both dialects: the column must hold lower-cased text, and the ESCAPE clause is explicit because
 * SQLite has no default escape character.
 */
import { sql, type RawBuilder } from 'kysely';

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function containsPattern(text: string): string {
  return `%${text.toLowerCase().split('*').map(escapeLike).join('%')}%`;
}

/** `<lowerColumn> LIKE '%text%' ESCAPE '\'` */
export function lowerContains(lowerColumn: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(lowerColumn)} like ${containsPattern(text)} escape '\\'`;
}

/** True when a search term asks for everything (absent, empty or a lone `*`). */
export const matchesAll = (text: string | undefined): boolean => text === undefined || text.trim() === '' || text.trim() === '*';
