"""PyTorch reference for `npm run bench`: the classic model's epoch time.

The classic Keras example (1000 rows x 100 uniform features, random 0/1
labels; Dense 32 relu -> Dense 1 sigmoid; rmsprop; binary cross-entropy;
batch 32), trained for a few epochs with PyTorch's default threads. Prints one
JSON line: {"torch": version, "threads": n, "epochs_ms": [...]}.
"""
import json
import sys
import time

import torch


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    torch.manual_seed(0)
    x = torch.rand(1000, 100)
    y = torch.randint(0, 2, (1000, 1)).float()
    model = torch.nn.Sequential(
        torch.nn.Linear(100, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1), torch.nn.Sigmoid()
    )
    # Keras's rmsprop: rho 0.9, epsilon 1e-7.
    optimizer = torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-7)
    loss_fn = torch.nn.BCELoss()
    times = []
    for _ in range(epochs):
        started = time.perf_counter()
        order = torch.randperm(1000)
        for start in range(0, 1000, 32):
            batch = order[start:start + 32]
            optimizer.zero_grad()
            loss = loss_fn(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
        times.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "epochs_ms": times}))


if __name__ == "__main__":
    main()
