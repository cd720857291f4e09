// The ready line each xdpcount loader prints once its program is attached, which the plan waits for and the parser reads as a header.

export const XDPCOUNT_HEADER = 'PROBECTL xdpcount v1';
/** The rest of the line says where and how it attached. */
export const readyLine = (impl: 'libbpf' | 'bcc'): RegExp => new RegExp(`^${XDPCOUNT_HEADER} ${impl}\\t(?<detail>[^\\n]*)`, 'm');
