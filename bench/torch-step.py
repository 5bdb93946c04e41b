# PyTorch reference for `npm run bench -- learning` (a dev script, never a dependency): one BP training step
# of the same graph asapsim trains (read as JSON on stdin: the nodes of src/net's graph), timed with one CPU
# thread. Prints {"imagesPerSecond": ..., "secondsPerStep": ..., "torch": version}. Needs Debian's python3-torch.
import json, sys, time
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
spec = json.load(sys.stdin)
nodes, batch, steps = spec["nodes"], spec["batch"], spec["steps"]
torch.manual_seed(1)
params, modules = [], {}
for n in nodes:
    k = n["kind"]
    if k == "conv2d":
        m = torch.nn.Conv2d(n["inChannels"], n["outChannels"], n["kernel"], n["stride"], n["padding"], bias=n["bias"])
    elif k == "linear":
        m = torch.nn.Linear(n["inFeatures"], n["outFeatures"], bias=n["bias"])
    elif k == "batchnorm":
        m = torch.nn.BatchNorm2d(n["channels"]) if n.get("rank", 4) == 4 else torch.nn.BatchNorm1d(n["channels"])
    else:
        continue
    modules[n["name"]] = m
    params += list(m.parameters())

def forward(x, labels):
    v = {spec["input"]: x}
    for n in nodes:
        k, a = n["kind"], v[n["inputs"][0]]
        if k in ("conv2d", "batchnorm"):
            y = modules[n["name"]](a)
        elif k == "linear":
            y = modules[n["name"]](a.flatten(1))
        elif k == "relu":
            y = F.relu(a)
        elif k == "maxpool":
            y = F.max_pool2d(a, n["kernel"], n["stride"], n["padding"], ceil_mode=n["ceil"])
        elif k == "avgpool":
            y = F.avg_pool2d(a, n["kernel"])
        elif k == "add":
            y = a + v[n["inputs"][1]]
        elif k == "loss":
            y = F.cross_entropy(a, labels)
        v[n["output"]] = y
    return y

opt = torch.optim.SGD(params, lr=0.03, momentum=0.9, weight_decay=5e-4)
c, h, w = spec["inputShape"]
x = torch.randn(batch, c, h, w)
labels = torch.arange(batch) % spec["classes"]
def step():
    opt.zero_grad()
    forward(x, labels).backward()
    opt.step()
step()  # warm-up
t0 = time.perf_counter()
for _ in range(steps):
    step()
s = (time.perf_counter() - t0) / steps
print(json.dumps({"imagesPerSecond": batch / s, "secondsPerStep": s, "torch": torch.__version__}))
