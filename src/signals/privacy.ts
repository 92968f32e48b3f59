/** True when the browser sends Global Privacy Control or Do Not Track. */
export function privacySignal(
  nav: Navigator & { globalPrivacyControl?: boolean; msDoNotTrack?: string },
  win?: { doNotTrack?: string | null },
): boolean {
  return (
    nav.globalPrivacyControl === true || nav.doNotTrack === '1' || nav.msDoNotTrack === '1' || win?.doNotTrack === '1'
  );
}
