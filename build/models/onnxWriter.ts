// A small ONNX protobuf writer, enough to build fixed-weight models (the bundled demo, bench models) without
// python or an npm protobuf package. Field numbers are those of onnx.proto3.

/** A protobuf message being written: fields appended in order. */
class Message {
  private readonly parts: Uint8Array[] = [];

  private varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    const bytes: number[] = [];
    do {
      const low = Number(v & 0x7fn);
      v >>= 7n;
      bytes.push(v ? low | 0x80 : low);
    } while (v);
    this.parts.push(Uint8Array.from(bytes));
  }

  private key(field: number, wire: 0 | 2 | 5): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, value: number): this {
    this.key(field, 0);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, 5);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.parts.push(bytes);
    return this;
  }

  bytes(field: number, value: Uint8Array | Message | string): this {
    const data = typeof value === 'string' ? new TextEncoder().encode(value) : value instanceof Message ? value.encode() : value;
    this.key(field, 2);
    this.varint(data.length);
    this.parts.push(data);
    return this;
  }

  encode(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

const FLOAT = 1;

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  /** Integer-list attributes (kernel_shape, pads …) and integer ones. */
  attributes?: Record<string, number | number[]>;
}

/** A float32 input or output; a string dimension is symbolic (dynamic). */
export interface OnnxValue {
  name: string;
  shape: (number | string)[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  /** Float32 weights by name. */
  initializers: { name: string; dims: number[]; values: Float32Array }[];
  opset?: number;
}

function node({ op, inputs, outputs, attributes = {} }: OnnxNode, index: number): Message {
  const message = new Message();
  inputs.forEach((input) => message.bytes(1, input));
  outputs.forEach((output) => message.bytes(2, output));
  message.bytes(3, `${op}_${index}`).bytes(4, op);
  for (const [name, value] of Object.entries(attributes)) {
    const attribute = new Message().bytes(1, name);
    if (Array.isArray(value)) {
      value.forEach((v) => attribute.int(8, v));
      attribute.int(20, 7);
    } else {
      attribute.int(3, value).int(20, 2);
    }
    message.bytes(5, attribute);
  }
  return message;
}

function valueInfo({ name, shape }: OnnxValue): Message {
  const dims = new Message();
  for (const dim of shape) dims.bytes(1, typeof dim === 'number' ? new Message().int(1, dim) : new Message().bytes(2, dim));
  const tensor = new Message().int(1, FLOAT).bytes(2, dims);
  return new Message().bytes(1, name).bytes(2, new Message().bytes(1, tensor));
}

function initializer({ name, dims, values }: OnnxGraph['initializers'][number]): Message {
  const tensor = new Message();
  dims.forEach((dim) => tensor.int(1, dim));
  return tensor.int(2, FLOAT).bytes(8, name).bytes(9, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

/** The bytes of an .onnx file holding `graph` (IR version 8, default opset 17). */
export function encodeOnnxModel(graph: OnnxGraph): Uint8Array {
  const body = new Message();
  graph.nodes.forEach((n, index) => body.bytes(1, node(n, index)));
  body.bytes(2, graph.name);
  graph.initializers.forEach((init) => body.bytes(5, initializer(init)));
  graph.inputs.forEach((input) => body.bytes(11, valueInfo(input)));
  graph.outputs.forEach((output) => body.bytes(12, valueInfo(output)));
  return new Message()
    .int(1, 8)
    .bytes(2, 'voxbench')
    .bytes(3, '1')
    .bytes(7, body)
    .bytes(8, new Message().bytes(1, '').int(2, graph.opset ?? 17))
    .encode();
}
