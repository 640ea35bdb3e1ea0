// The `fileDestination` config keys: an embedded destination that appends line protocol to local files.

export interface FileDestinationConfig {
  enable: boolean;
  directory: string;
  /** Line-protocol dialect the producers encode for this destination (1, 2 or 3); the sink stores as-is. */
  influxVersion: number;
  /** A file is closed and the next one started when a write would take it past this size. */
  maxFileBytes: number;
  /** Files kept in the directory; the oldest beyond this are deleted. */
  maxFiles: number;
}
