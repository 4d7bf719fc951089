/** The background service worker: the only context that holds the API token and calls the API. */
import { defineBackground } from '#imports';
import { startBackground } from './start-background';

export default defineBackground(() => {
  startBackground();
});
