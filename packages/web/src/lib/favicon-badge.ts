/**
 * The tab's icon with the unread count on it (the title says it too, for those who read titles).
 * Drawn as our own SVG text: the count is a number, so nothing the user wrote goes into it.
 */
export function setFaviconBadge(count: number): void {
  const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) return;
  if (!link.dataset.plain) link.dataset.plain = link.href;
  if (count <= 0) {
    link.href = link.dataset.plain;
    return;
  }
  const label = count > 99 ? '99+' : String(Math.floor(count));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#4f46e5"/><circle cx="44" cy="20" r="20" fill="#dc2626"/><text x="44" y="28" font-family="sans-serif" font-size="${label.length > 2 ? 16 : 22}" font-weight="700" fill="#fff" text-anchor="middle">${label}</text></svg>`;
  link.href = `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
