/** What anyone may see without signing in: published tables (已公开), and the region list. */
export const isPublic = (t: { status: string }) => t.status === 'published';

/** The SQL form of isPublic, for lists and downloads: the two must agree (open-data tests check every route). */
export const PUBLIC_STATUS = 'published' as const;
