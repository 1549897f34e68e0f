/** Layout and paging arithmetic of the virtualised clip grid, kept pure so it can be tested. */

/** Sizes of the grid in CSS pixels. */
export interface GridLayout {
  columns: number;
  cardWidth: number;
  rowHeight: number;
}

/** Height of a card below its 16:9 thumbnail (name + label/duration lines). */
export const CARD_INFO_HEIGHT = 62;

/** Columns that fit `width` with cards of at least `minCard` px separated by `gap` px. */
export function gridLayout(width: number, minCard = 180, gap = 12): GridLayout {
  const usable = Math.max(0, width);
  const columns = Math.max(1, Math.floor((usable + gap) / (minCard + gap)));
  const cardWidth = Math.max(minCard, (usable - gap * (columns - 1)) / columns);
  const rowHeight = Math.round((cardWidth * 9) / 16 + CARD_INFO_HEIGHT + gap);
  return { columns, cardWidth, rowHeight };
}

/** Indices of the pages of `pageSize` items that cover items [first, last] (inclusive). */
export function pagesCovering(first: number, last: number, pageSize: number): number[] {
  if (last < first || last < 0) return [];
  const from = Math.floor(Math.max(0, first) / pageSize);
  const to = Math.floor(last / pageSize);
  const pages: number[] = [];
  for (let p = from; p <= to; p++) pages.push(p);
  return pages;
}
