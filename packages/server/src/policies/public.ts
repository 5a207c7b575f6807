/** What anyone may see without signing in: published tables (已公开), and the region list. */
export const isPublic = (t: { status: string }) => t.status === 'published';
