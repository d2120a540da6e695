/** The handful of line icons the console uses, drawn inline (no icon font, no downloads). */

/** Icon names. */
export type IconName = 'settings' | 'rules' | 'events' | 'notifications' | 'tokens' | 'menu' | 'logout' | 'check' | 'x' | 'alert' | 'lock' | 'send' | 'plus' | 'trash';

const PATHS: Record<IconName, string> = {
  settings: 'M4 6h16M4 12h16M4 18h16M8 4v4M16 10v4M10 16v4',
  rules: 'M9 6h11M9 12h11M9 18h11M4 6l1 1 2-2M4 12l1 1 2-2M4 18l1 1 2-2',
  events: 'M3 12h4l3-8 4 16 3-8h4',
  notifications: 'M4 6h16v12H4zM4 7l8 6 8-6',
  tokens: 'M14 10a4 4 0 1 0-3.5 3.97L9 15.5V18H7v2H4v-3l6.03-6.03A4 4 0 0 0 14 10zM15.5 8.5h.01',
  menu: 'M4 6h16M4 12h16M4 18h16',
  logout: 'M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10',
  check: 'M5 12l5 5L20 7',
  x: 'M6 6l12 12M18 6L6 18',
  alert: 'M12 4l9 16H3zM12 10v4M12 17h.01',
  lock: 'M6 11h12v9H6zM8 11V8a4 4 0 0 1 8 0v3',
  send: 'M4 12l16-8-6 16-2-7z',
  plus: 'M12 5v14M5 12h14',
  trash: 'M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13',
};

/** An SVG icon, decorative unless given a label. */
export function Icon({ name, size = 18, label }: { name: IconName; size?: number; label?: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width={size}
      height={size}
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden={label === undefined ? true : undefined}
      role={label !== undefined ? 'img' : undefined}
      aria-label={label}
      className="icon"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
