import { defineRule } from '../../server/src/engine/api';

/** Collectives that unpickle objects sent by other ranks. */
const RECEIVERS = ['recv_object_list', 'broadcast_object_list', 'scatter_object_list', 'all_gather_object', 'gather_object'];

export default defineRule({
  id: 'torch-distributed-object-pickle',
  category: 'unsafe-deserialization',
  severity: 'warning',
  cwe: 502,
  message:
    'This torch.distributed *_object collective unpickles what other ranks send; a process that can join the group can run code on this one. Send tensors, or keep the group on a trusted network.',
  docs: {
    what: 'Finds the `torch.distributed` collectives that receive Python objects: `recv_object_list`, `broadcast_object_list`, `scatter_object_list`, `all_gather_object` and `gather_object`.',
    why: 'These functions pickle objects on the sending rank and unpickle them on the receiving ranks; the PyTorch documentation warns that they are insecure for this reason. Any process that can join the process group (an exposed `MASTER_ADDR`/port, a shared cluster, a compromised worker) can send a payload that runs code on every rank that receives it.',
    fix: 'Exchange tensors (`broadcast`, `all_gather`, `all_reduce`) and encode metadata as numbers or JSON bytes in a tensor. Keep the rendezvous endpoint on a private network with authentication, and never expose it to the internet.',
    example: {
      bad: 'import torch.distributed as dist\nobjects = [None]\ndist.broadcast_object_list(objects, src=0)',
      good: 'import torch\nimport torch.distributed as dist\nstep = torch.zeros(1, dtype=torch.long)\ndist.broadcast(step, src=0)',
    },
    references: ['https://pytorch.org/docs/stable/distributed.html#object-collectives', 'https://cwe.mitre.org/data/definitions/502.html'],
  },
  calls: RECEIVERS.flatMap((name) => [`torch.distributed.${name}`, `torch.distributed.distributed_c10d.${name}`]),
  onCall(call, context) {
    context.report({
      node: call.node,
      message: `torch.distributed.${call.method} unpickles the objects other ranks send, so any process that can join the group can run code here; exchange tensors instead, and keep the rendezvous on a private, authenticated network.`,
    });
  },
});
