/**
 * Dates as people in the bureau write them: YYYY-MM-DD (and HH:mm), in the browser's time zone,
 * whatever the browser's own locale would print (toLocaleString gives 12/7/2026 in a US browser).
 */
import dayjs from 'dayjs';

export const ymd = (s: string | Date): string => dayjs(s).format('YYYY-MM-DD');
export const ymdhm = (s: string | Date): string => dayjs(s).format('YYYY-MM-DD HH:mm');
