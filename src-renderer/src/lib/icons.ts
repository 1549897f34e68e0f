/** SVG path data of the UI's icons (24x24 viewBox, stroked unless `fill`), drawn by AppIcon. */
export interface IconPath {
  d: string;
  fill?: boolean;
}

/** Every icon the UI uses, by name. */
export const ICONS = {
  play: [{ d: 'M7 4.8v14.4a.8.8 0 0 0 1.2.7l11.4-7.2a.8.8 0 0 0 0-1.4L8.2 4.1A.8.8 0 0 0 7 4.8z', fill: true }],
  pause: [{ d: 'M7 4.5h3.2v15H7zM13.8 4.5H17v15h-3.2z', fill: true }],
  stepBack: [{ d: 'M18 5.5v13l-9.5-6.5z', fill: true }, { d: 'M6.5 5.5v13' }],
  stepForward: [{ d: 'M6 5.5v13l9.5-6.5z', fill: true }, { d: 'M17.5 5.5v13' }],
  folder: [{ d: 'M3.5 7A1.5 1.5 0 0 1 5 5.5h4l2 2h8A1.5 1.5 0 0 1 20.5 9v8.5A1.5 1.5 0 0 1 19 19H5a1.5 1.5 0 0 1-1.5-1.5z' }],
  sparkles: [
    { d: 'M10 4l1.6 4.4L16 10l-4.4 1.6L10 16l-1.6-4.4L4 10l4.4-1.6z' },
    { d: 'M18 14l.8 2.2L21 17l-2.2.8L18 20l-.8-2.2L15 17l2.2-.8z' },
  ],
  chevronDown: [{ d: 'M6.5 9.5l5.5 5.5 5.5-5.5' }],
  chevronUp: [{ d: 'M6.5 14.5L12 9l5.5 5.5' }],
  close: [{ d: 'M6.5 6.5l11 11M17.5 6.5l-11 11' }],
  search: [{ d: 'M10.5 4a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13zM15.5 15.5L20 20' }],
  clock: [{ d: 'M12 3.5a8.5 8.5 0 1 1 0 17 8.5 8.5 0 0 1 0-17zM12 7.5V12l3 2' }],
  alert: [{ d: 'M12 4L21 19.5H3z' }, { d: 'M12 10v4.5M12 17v.3' }],
  check: [{ d: 'M5 12.5l4.5 4.5L19 7.5' }],
  stop: [{ d: 'M7 7h10v10H7z', fill: true }],
  resume: [{ d: 'M19.5 12a7.5 7.5 0 1 1-2.2-5.3M19.5 4.5v4h-4' }],
  ban: [{ d: 'M12 3.5a8.5 8.5 0 1 1 0 17 8.5 8.5 0 0 1 0-17zM6 6l12 12' }],
  film: [{ d: 'M4 5h16v14H4zM8 5v14M16 5v14M4 9.5h4M4 14.5h4M16 9.5h4M16 14.5h4' }],
  jobs: [{ d: 'M4 6h16M4 12h16M4 18h10' }],
  dot: [{ d: 'M12 8a4 4 0 1 1 0 8 4 4 0 0 1 0-8z', fill: true }],
  import: [{ d: 'M12 4v11M7.5 10.5L12 15l4.5-4.5M4.5 15.5v3A1.5 1.5 0 0 0 6 20h12a1.5 1.5 0 0 0 1.5-1.5v-3' }],
  link: [{ d: 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1.2 1.2M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1.2-1.2' }],
  database: [
    { d: 'M12 4c4.1 0 7.5 1.3 7.5 3s-3.4 3-7.5 3-7.5-1.3-7.5-3 3.4-3 7.5-3z' },
    { d: 'M4.5 7v10c0 1.7 3.4 3 7.5 3s7.5-1.3 7.5-3V7M4.5 12c0 1.7 3.4 3 7.5 3s7.5-1.3 7.5-3' },
  ],
  chevronRight: [{ d: 'M9.5 6.5L15 12l-5.5 5.5' }],
  chevronLeft: [{ d: 'M14.5 6.5L9 12l5.5 5.5' }],
  trash: [{ d: 'M4.5 7h15M9.5 7V5h5v2M6.5 7l1 12.5h9l1-12.5M10 11v5.5M14 11v5.5' }],
  file: [{ d: 'M6 3.5h8l4 4v13H6zM14 3.5v4h4M9 12.5h6M9 16h6' }],
  export: [{ d: 'M12 15V4M7.5 8.5L12 4l4.5 4.5M4.5 15.5v3A1.5 1.5 0 0 0 6 20h12a1.5 1.5 0 0 0 1.5-1.5v-3' }],
  lock: [{ d: 'M6.5 11h11a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1h-11a1 1 0 0 1-1-1v-7a1 1 0 0 1 1-1zM8.5 11V8a3.5 3.5 0 0 1 7 0v3' }],
  unlock: [{ d: 'M6.5 11h11a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1h-11a1 1 0 0 1-1-1v-7a1 1 0 0 1 1-1zM8.5 11V8a3.5 3.5 0 0 1 6.8-1.2' }],
  copy: [{ d: 'M9 9h10v11H9zM15 9V4.5H5V15h4' }],
  split: [{ d: 'M4 6h16M4 12h10M4 18h6M17 15l3 3-3 3' }],
  shield: [{ d: 'M12 3.5l7 2.5v5.5c0 4.3-3 7.6-7 9-4-1.4-7-4.7-7-9V6z' }, { d: 'M9 12l2.2 2.2L15.5 10' }],
} satisfies Record<string, IconPath[]>;

/** Name of one of the UI's icons. */
export type IconName = keyof typeof ICONS;
