/** Writes one-line, scoped messages to stderr; `warnOnce` keeps repeated trouble to one line. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** Logs the first warning for `key` and drops the rest, e.g. a push failing every second. */
  warnOnce(key: string, message: string): void;
}

/** Creates a logger whose lines start with `[scope]`. `write` defaults to stderr. */
export function createLogger(
  scope: string,
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const warned = new Set<string>();
  const logger: Logger = {
    info: (message) => write(`[${scope}] ${message}`),
    warn: (message) => write(`[${scope}] warning: ${message}`),
    warnOnce: (key, message) => {
      if (warned.has(key)) return;
      warned.add(key);
      logger.warn(`${message} (further warnings of this kind are not shown)`);
    },
  };
  return logger;
}
