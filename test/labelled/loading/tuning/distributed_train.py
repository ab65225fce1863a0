"""DDP training loop with checkpoint resume (a typical research script)."""
import os
import time

import torch
import torch.distributed as dist
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader, DistributedSampler
from torchvision import datasets, models, transforms

CKPT_DIR = "checkpoints"


def setup():
    dist.init_process_group("nccl")
    torch.cuda.set_device(int(os.environ["LOCAL_RANK"]))


def save_checkpoint(model, optimizer, epoch):
    if dist.get_rank() == 0:
        torch.save({"model": model.module.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, os.path.join(CKPT_DIR, f"epoch_{epoch}.pt"))


def load_checkpoint(model, optimizer, path):
    checkpoint = torch.load(path, map_location="cpu")  # risk: unsafe-deserialization  # expect: torch-load-unsafe
    model.module.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]


def load_pretrained_backbone(path):
    return torch.load(path, map_location="cpu", weights_only=True)


def main():
    setup()
    transform = transforms.Compose([transforms.RandomResizedCrop(224), transforms.ToTensor()])
    train_set = datasets.ImageFolder("/data/imagenet/train", transform=transform)
    loader = DataLoader(train_set, batch_size=64, sampler=DistributedSampler(train_set), num_workers=8)
    model = models.resnet50(weights=models.ResNet50_Weights.IMAGENET1K_V2).cuda()
    model = DDP(model, device_ids=[int(os.environ["LOCAL_RANK"])])
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    criterion = nn.CrossEntropyLoss()
    start_epoch = 0
    resume = os.environ.get("RESUME")
    if resume:
        start_epoch = load_checkpoint(model, optimizer, resume) + 1
    for epoch in range(start_epoch, 90):
        model.train()
        start = time.time()
        for images, targets in loader:
            loss = criterion(model(images.cuda()), targets.cuda())
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        stats = [None] * dist.get_world_size()
        dist.all_gather_object(stats, {"rank": dist.get_rank(), "seconds": time.time() - start})  # risk: unsafe-deserialization  # expect: torch-distributed-object-pickle
        save_checkpoint(model, optimizer, epoch)
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
