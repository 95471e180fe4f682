import { EventStream } from './event-stream';

describe('EventStream', () => {
  it('delivers pushed values in order, to a waiting reader and from the buffer', async () => {
    const s = new EventStream<number>(() => undefined);
    const first = s.next();
    s.push(1);
    s.push(2);
    s.push(3);
    expect(await first).toEqual({ value: 1, done: false });
    expect(await s.next()).toEqual({ value: 2, done: false });
    expect(await s.next()).toEqual({ value: 3, done: false });
  });

  it('drops the oldest values past its capacity', async () => {
    const s = new EventStream<number>(() => undefined, 2);
    [1, 2, 3].forEach((v) => s.push(v));
    expect((await s.next()).value).toBe(2);
    expect((await s.next()).value).toBe(3);
  });

  it('return() ends a waiting reader, calls onClose once and ignores later pushes', async () => {
    const onClose = jest.fn();
    const s = new EventStream<number>(onClose);
    const waiting = s.next();
    await s.return();
    await s.return();
    s.push(1);
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await s.next()).toEqual({ value: undefined, done: true });
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
