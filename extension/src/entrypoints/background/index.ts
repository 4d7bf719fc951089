import { browser, defineBackground } from '#imports';
import { createMessageHandler } from './message-handler';

export default defineBackground(() => {
  const handleMessage = createMessageHandler({ version: browser.runtime.getManifest().version });
  // Returning a Promise (rather than calling sendResponse) is how both Chrome and Firefox
  // let a listener answer asynchronously.
  browser.runtime.onMessage.addListener((message: unknown) => handleMessage(message));
});
