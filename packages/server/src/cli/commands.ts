import { backupCommand } from './backup-command.js';
import type { Command } from './command.js';
import { configCommand } from './config-command.js';
import { exportRoomCommand } from './export-room-command.js';
import { restoreCommand } from './restore-command.js';
import { serveCommand } from './serve.js';
import { versionCommand } from './version.js';

/** Every `parley` subcommand; add one by writing its file and listing it here. */
export const commands: readonly Command[] = [serveCommand, backupCommand, restoreCommand, exportRoomCommand, configCommand, versionCommand];
