export * from './errors.js';
export * from './close-codes.js';
export * from './rules.js';
export { roomNameKey, hasHiddenCharacters } from './names.js';
export * from './models.js';
export * from './http.js';
export * from './client-frames.js';
export * from './server-frames.js';
export * from './validate.js';
