import { BusServer } from '../../src/cluster/cluster-bus';

describe('BusServer', () => {
  const server = new BusServer({ host: '127.0.0.1', port: 1 });
  const plain = async () => 'plain';
  const patterned = async () => 'patterned';
  server.addHandler('parley:to:node-1', plain, true);
  server.addHandler({ cmd: 'sum' }, patterned, true);

  it('routes a plain channel name to its handler', () => {
    expect(server.getHandlerByPattern('parley:to:node-1')).toBe(plain);
    expect(server.getHandlerByPattern('parley:to:node-2')).toBeNull();
  });

  it('routes a plain channel name without trying it as JSON (that threw for every message)', () => {
    const parse = jest.spyOn(JSON, 'parse');
    try {
      server.getHandlerByPattern('parley:to:node-1');
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('still routes an object pattern, as the transport it extends does', () => {
    expect(server.getHandlerByPattern('{"cmd":"sum"}')).toBe(patterned);
  });
});
