// Events grouped by the host they came from (`event.host`): one state per host, made when the host is first seen; `watch` and `per: host` share it.
export class HostGroups<T> {
  private readonly groups = new Map<string, T>();

  constructor(private readonly make: (host: string) => T) {}

  /** The state of this host, made on first use. */
  of(host: string): T {
    let group = this.groups.get(host);
    if (group === undefined) this.groups.set(host, (group = this.make(host)));
    return group;
  }

  get size(): number {
    return this.groups.size;
  }

  /** Each host's state, in the order the hosts were first seen. */
  entries(): IterableIterator<[string, T]> {
    return this.groups.entries();
  }
}
