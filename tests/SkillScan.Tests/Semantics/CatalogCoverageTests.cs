using SkillScan.Model;
using SkillScan.Semantics;

namespace SkillScan.Tests.Semantics;

/// <summary>The catalogs map each family of APIs to its capability (one representative per family).</summary>
public sealed class CatalogCoverageTests
{
    [Theory]
    [InlineData("require('dgram').createSocket('udp4').send(b, 53, 'h');", "dgram.Socket.send", "net.send")]
    [InlineData("require('dns').resolveTxt(name, cb);", "dns.resolveTxt", "net.dns")]
    [InlineData("require('dns').promises.resolve4(name);", "dns.promises.resolve4", "net.dns")]
    [InlineData("require('vm').runInNewContext(code);", "vm.runInNewContext", "code.eval")]
    [InlineData("new (require('vm').Script)(code).runInThisContext();", "vm.Script.runInThisContext", "code.eval")]
    [InlineData("const { Worker } = require('worker_threads'); new Worker(code, { eval: true });", "worker_threads.Worker", "code.load")]
    [InlineData("require('module')._load(name);", "module._load", "code.load")]
    [InlineData("const got = require('got'); got.post(u, { json: d });", "got.post", "net.send")]
    [InlineData("const { request } = require('undici'); request(u, { method: 'POST', body: d });", "undici.request", "net.send")]
    [InlineData("const x = new XMLHttpRequest(); x.open('POST', u); x.send(d);", "XMLHttpRequest.send", "net.send")]
    [InlineData("navigator.sendBeacon(u, d);", "navigator.sendBeacon", "net.send")]
    [InlineData("require('os').networkInterfaces();", "os.networkInterfaces", "sys.info")]
    [InlineData("require('fs').rmSync('/', { recursive: true });", "fs.rmSync", "fs.delete")]
    [InlineData("require('fs').chmodSync(p, 0o755);", "fs.chmodSync", "fs.chmod")]
    [InlineData("process.dlopen(m, './addon.node');", "process.dlopen", "code.native")]
    [InlineData("require('net').createServer(s => s.pipe(s)).listen(4444);", "net.Server.listen", "net.listen")]
    [InlineData("require('child_process').fork('w.js');", "child_process.fork", "proc.exec")]
    [InlineData("const s = require('node-serialize'); s.unserialize(b);", "node-serialize.unserialize", "code.deserialize")]
    [InlineData("require('tar').x({ file: 'a.tgz' });", "tar.x", "archive.extract")]
    [InlineData("require('clipboardy').readSync();", "clipboardy.readSync", "clipboard.read")]
    [InlineData("JSON.stringify(x);", "JSON.stringify", "serialize")]
    public void JavaScript(string code, string callee, string capability)
    {
        var js = Lowered.Js(code);
        Assert.True(js.Has(callee), $"no {callee}: {js.Describe()}");
        Assert.Contains(capability, js.Call(callee).Capabilities);
    }

    [Theory]
    [InlineData("import ctypes\nctypes.CDLL('./x.so')\n", "ctypes.CDLL", "code.native")]
    [InlineData("from ctypes import cdll\ncdll.LoadLibrary('./x.so')\n", "ctypes.cdll.LoadLibrary", "code.native")]
    [InlineData("import pickle\npickle.loads(b)\n", "pickle.loads", "code.deserialize")]
    [InlineData("import marshal\nmarshal.loads(b)\n", "marshal.loads", "code.deserialize")]
    [InlineData("import tarfile\ntarfile.open(p).extractall()\n", "tarfile.TarFile.extractall", "archive.extract")]
    [InlineData("import zipfile\nzipfile.ZipFile(p).extractall(pwd=b'x')\n", "zipfile.ZipFile.extractall", "archive.extract")]
    [InlineData("import shutil\nshutil.unpack_archive(p)\n", "shutil.unpack_archive", "archive.extract")]
    [InlineData("import shutil\nshutil.rmtree(p)\n", "shutil.rmtree", "fs.delete")]
    [InlineData("import http.client\nc = http.client.HTTPSConnection('h')\nc.request('POST', '/', body)\n", "http.client.HTTPConnection.request", "net.send")]
    [InlineData("import httpx\nhttpx.post(u)\n", "httpx.post", "net.send")]
    [InlineData("import httpx\nwith httpx.Client() as c:\n    c.get(u)\n", "httpx.get", "net.fetch")]
    [InlineData("import aiohttp\nasync def f():\n    async with aiohttp.ClientSession() as s:\n        await s.post(u, data=d)\n", "aiohttp.ClientSession.post", "net.send")]
    [InlineData("import urllib3\nurllib3.PoolManager().request('POST', u)\n", "urllib3.PoolManager.request", "net.send")]
    [InlineData("import importlib\nimportlib.import_module(n)\n", "importlib.import_module", "code.load")]
    [InlineData("import pty\npty.spawn('/bin/sh')\n", "pty.spawn", "proc.exec")]
    [InlineData("import platform\nplatform.system()\n", "platform.system", "sys.info")]
    [InlineData("import smtplib\nsmtplib.SMTP('h').sendmail(a, b, c)\n", "smtplib.SMTP.sendmail", "net.send")]
    [InlineData("import socket\nsocket.gethostbyname(h)\n", "socket.gethostbyname", "net.dns")]
    [InlineData("import dns.resolver\nr = dns.resolver.Resolver()\nr.resolve(h, 'TXT')\n", "dns.resolver.Resolver.resolve", "net.dns")]
    [InlineData("import os\nos.popen('id').read()\n", "os.popen", "proc.shell")]
    [InlineData("import os\nos.execvp('sh', ['sh'])\n", "os.execvp", "proc.exec")]
    [InlineData("import asyncio\nasyncio.create_subprocess_shell(c)\n", "asyncio.create_subprocess_shell", "proc.shell")]
    [InlineData("import urllib.request\nurllib.request.urlretrieve(u, 'x')\n", "urllib.request.urlretrieve", "fs.write")]
    [InlineData("import os\nos.chmod(p, 0o755)\n", "os.chmod", "fs.chmod")]
    [InlineData("import paramiko\nc = paramiko.SSHClient()\nc.connect('h')\n", "paramiko.SSHClient.connect", "net.connect")]
    [InlineData("import yaml\nyaml.load(s)\n", "yaml.load", "code.deserialize")]
    [InlineData("import sys\nsys.argv[1]\n", "sys.argv", null)]
    public void Python(string code, string callee, string? capability)
    {
        var py = Lowered.Py(code);
        Assert.True(py.Has(callee), $"no {callee}: {py.Describe()}");
        if (capability is not null) Assert.Contains(capability, py.Call(callee).Capabilities);
    }

    [Fact]
    public void CatalogsLoadAndUseOnlyKnownCapabilities()
    {
        foreach (var language in new[] { Language.JavaScript, Language.Python })
        {
            var catalog = BuiltinCatalogs.For(language);
            Assert.True(catalog.Entries.Count() > 300, $"{language}: {catalog.Entries.Count()} entries");
            foreach (var entry in catalog.Entries)
            {
                Assert.All(entry.Capabilities, c => Assert.True(Capabilities.IsKnown(c), $"{entry.Name}: {c}"));
                if (entry.Source is not null) Assert.True(Capabilities.IsSourceKind(entry.Source), entry.Name);
                if (entry.Fold is not null) Assert.Contains(entry.Fold, new[] { "module", "getattr", "pathjoin", "home", "identity", "receiver", "map" });
            }
        }
    }

    [Theory]
    [InlineData("~/.ssh/id_rsa", "secret.read")]
    [InlineData("/home/u/.ssh/id_ed25519", "secret.read")]
    [InlineData("C:\\Users\\u\\.aws\\credentials", "secret.read")]
    [InlineData("~/.config/gcloud/application_default_credentials.json", "secret.read")]
    [InlineData("~/.docker/config.json", "secret.read")]
    [InlineData("/root/.npmrc", "secret.read")]
    [InlineData("~/.kube/config", "secret.read")]
    [InlineData("app/.env", "secret.read")]
    [InlineData(".env.production", "secret.read")]
    [InlineData("…/.ssh/id_rsa", "secret.read")]
    [InlineData("~/.openclaw/openclaw.json", "agent.read")]
    [InlineData("~/.clawdbot/.env", "agent.read")]
    [InlineData("~/Library/Application Support/Google/Chrome/Default/Login Data", "browser.read")]
    [InlineData("~/.config/BraveSoftware/Brave-Browser/Default/Cookies", "browser.read")]
    [InlineData("AppData/Local/Google/Chrome/User Data/Default/Local Extension Settings/nkbihfbeogaeaoehlefnkodbefgpgknn", "browser.read")]
    [InlineData("~/.bitcoin/wallet.dat", "browser.read")]
    [InlineData("~/Library/Keychains/login.keychain-db", "secret.read")]
    public void SensitiveReadPaths(string path, string kind) =>
        Assert.Contains(BuiltinCatalogs.SensitivePaths.MatchAll(path), m => m.Kind == kind);

    [Theory]
    [InlineData("~/.ssh/authorized_keys", "persist.authorized_keys")]
    [InlineData("/etc/cron.d/update", "persist.cron")]
    [InlineData("~/.config/systemd/user/sync.service", "persist.systemd")]
    [InlineData("~/Library/LaunchAgents/com.x.plist", "persist.launchd")]
    [InlineData("~/.bashrc", "persist.shellrc")]
    [InlineData("~/.zshrc", "persist.shellrc")]
    [InlineData("~/.openclaw/workspace/MEMORY.md", "agent.memory")]
    [InlineData("SOUL.md", "agent.memory")]
    [InlineData("~/.openclaw/openclaw.json", "agent.config")]
    [InlineData("/", "system.root")]
    [InlineData("~", "system.root")]
    [InlineData("$HOME/", "system.root")]
    [InlineData("/etc/sudoers.d/x", "system.sudoers")]
    public void WriteTargets(string path, string kind) =>
        Assert.Contains(BuiltinCatalogs.SensitivePaths.MatchAll(path), m => m.Kind == kind);

    [Theory]
    [InlineData("~/.ssh/id_rsa.pub")]
    [InlineData("~/.ssh/known_hosts_backup.txt")]
    [InlineData(".env.example")]
    [InlineData("src/environment.ts")]
    [InlineData("docs/README.md")]
    [InlineData("/usr/bin/chromium")]
    [InlineData("/home/u/project")]
    public void OrdinaryPathsAreNotSensitive(string path) =>
        Assert.DoesNotContain(BuiltinCatalogs.SensitivePaths.MatchAll(path), m => m.Kind is "secret.read" or "agent.read" or "browser.read" or "system.root");
}
