"""How pages execute and publish: workers, kernels, the atomic swap, signals, a full disk."""
