// A small authoritative DNS server on a loopback UDP port, answering SRV, A and AAAA questions
// from a table the test controls (and changes while it runs). Unknown names get NXDOMAIN.
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import dnsPacket from 'dns-packet';
import type { Answer } from 'dns-packet';

/** The records of one name. */
export interface DnsRecords {
  srv?: { target: string; port: number }[];
  a?: string[];
  aaaa?: string[];
}

/** A running responder: `address` is `127.0.0.1:port`; edit `records` to change the answers. */
export interface DnsResponder {
  address: string;
  records: Map<string, DnsRecords>;
  close(): Promise<void>;
}

function answersFor(name: string, type: string, records: DnsRecords | undefined): Answer[] {
  if (!records) return [];
  if (type === 'SRV') return (records.srv ?? []).map((r) => ({ type: 'SRV', name, ttl: 5, data: { priority: 10, weight: 10, port: r.port, target: r.target } }));
  if (type === 'A') return (records.a ?? []).map((ip) => ({ type: 'A', name, ttl: 5, data: ip }));
  if (type === 'AAAA') return (records.aaaa ?? []).map((ip) => ({ type: 'AAAA', name, ttl: 5, data: ip }));
  return [];
}

/** Starts a responder on 127.0.0.1 and a free port. */
export async function startDnsResponder(records: Record<string, DnsRecords> = {}): Promise<DnsResponder> {
  const table = new Map(Object.entries(records));
  const socket: Socket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    let query;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return;
    }
    const q = query.questions?.[0];
    if (!q) return;
    const name = q.name.replace(/\.$/, '').toLowerCase();
    const known = table.get(name);
    const reply = dnsPacket.encode({
      id: query.id, type: 'response', flags: dnsPacket.AUTHORITATIVE_ANSWER | (known ? 0 : 3), questions: [q],
      answers: answersFor(q.name, q.type, known),
    });
    socket.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  return {
    address: `127.0.0.1:${port}`, records: table,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
