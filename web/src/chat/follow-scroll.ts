import { useEffect, useRef } from 'preact/hooks';

/** How close to the bottom (px) still counts as "at the bottom". */
const NEAR_BOTTOM_PX = 80;

/**
 * Keeps a scroll container at its bottom while content grows (a streaming answer), unless the
 * user scrolled up to read; scrolling back down resumes following. Returns the container ref
 * and `follow()`, which snaps to the bottom and resumes (on send).
 */
export function useFollowScroll<T extends HTMLElement>(): { ref: { current: T | null }; follow(): void } {
  const ref = useRef<T>(null);
  const following = useRef(true);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const toBottom = () => {
      if (following.current) element.scrollTop = element.scrollHeight;
    };
    const onScroll = () => {
      following.current = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
    };
    // Content changes (new text, a partial image, the meter) and late image decoding both grow it.
    const mutations = new MutationObserver(toBottom);
    mutations.observe(element, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['src'] });
    const resize = new ResizeObserver(toBottom);
    if (element.firstElementChild) resize.observe(element.firstElementChild);
    element.addEventListener('scroll', onScroll, { passive: true });
    element.addEventListener('load', toBottom, true);
    return () => {
      mutations.disconnect();
      resize.disconnect();
      element.removeEventListener('scroll', onScroll);
      element.removeEventListener('load', toBottom, true);
    };
  }, []);
  return {
    ref,
    follow() {
      following.current = true;
      const element = ref.current;
      if (element) element.scrollTop = element.scrollHeight;
    },
  };
}
