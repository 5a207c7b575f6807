/**
 * The year the bureau is working on, for the admin tabs' year fields: the latest managed year
 * with a stage open (or overdue), else the latest managed year, else this year. Budgets are
 * prepared a year ahead, so in the autumn the open work is next year's — defaulting to the
 * calendar year showed an empty 2026 while 2027 was being filed.
 */
import { useEffect, useRef, useState } from 'react';
import { adminApi, type YearView } from './api.ts';

export function workYear(years: YearView[], now = new Date()): number {
  const sorted = [...years].sort((a, b) => b.year - a.year);
  const open = sorted.find((y) => y.stages.some((s) => s.state === 'open' || s.state === 'overdue'));
  return open?.year ?? sorted[0]?.year ?? now.getFullYear();
}

/** [year, setYear]: starts at this year and moves to the work year once it is known, unless the user chose one first. */
export function useWorkYear(): [number, (y: number) => void] {
  const [year, setYearState] = useState(new Date().getFullYear());
  const touched = useRef(false);
  useEffect(() => {
    let live = true;
    adminApi
      .calendar()
      .then((items) => {
        if (live && !touched.current) setYearState(workYear(items));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  const setYear = (y: number) => {
    touched.current = true;
    setYearState(y);
  };
  return [year, setYear];
}
