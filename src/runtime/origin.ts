/** Where an event came from: the connector's URL (`origin::scheme()`, `origin::host()`, …). */
export interface Origin {
  scheme: string;
  host: string;
  port: number | null;
  path: string[];
}
