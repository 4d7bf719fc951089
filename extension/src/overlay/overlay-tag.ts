/** The overlay's host element, added to <html>; a page with one already has Threadwatch on it. */
export const OVERLAY_TAG = 'threadwatch-overlay';
