// Parts of the SDK that need Node's own modules; kept out of the main entry so browsers never load them.
export { FileOutboxStore } from './file-outbox-store.js';
