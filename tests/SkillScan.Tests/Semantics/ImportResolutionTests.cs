using SkillScan.Semantics;

namespace SkillScan.Tests.Semantics;

/// <summary>Callees are canonical after every import and alias form.</summary>
public sealed class ImportResolutionTests
{
    [Theory]
    [InlineData("const cp = require('child_process'); cp.exec('ls');", "child_process.exec")]
    [InlineData("const cp = require('node:child_process'); cp.execSync('ls');", "child_process.execSync")]
    [InlineData("import { execSync as x } from 'child_process'; x('ls');", "child_process.execSync")]
    [InlineData("import * as cp from 'node:child_process'; cp.spawn('ls');", "child_process.spawn")]
    [InlineData("const { exec } = require('child_process'); exec('ls');", "child_process.exec")]
    [InlineData("const { exec: run } = require('child_process'); run('ls');", "child_process.exec")]
    [InlineData("require('child_process').exec('ls');", "child_process.exec")]
    [InlineData("import fs from 'fs/promises'; fs.readFile('a.txt');", "fs.promises.readFile")]
    [InlineData("const fs = require('fs'); fs.promises.readFile('a.txt');", "fs.promises.readFile")]
    [InlineData("import { readFile } from 'node:fs/promises'; readFile('a.txt');", "fs.promises.readFile")]
    [InlineData("import axios from 'axios'; axios.post('https://x.test', {a: 1});", "axios.post")]
    [InlineData("const axios = require('axios'); const client = axios.create(); client.post('https://x.test');", "axios.post")]
    [InlineData("import fetch from 'node-fetch'; fetch('https://x.test');", "fetch")]
    [InlineData("const sock = require('net').connect(4444, 'h'); sock.write('x');", "net.Socket.write")]
    [InlineData("async function f() { const { exec } = await import('child_process'); exec('ls'); } f();", "child_process.exec")]
    public void JavaScriptImportForms(string code, string callee)
    {
        var lowered = Lowered.Js(code);
        Assert.True(lowered.Has(callee), $"expected {callee}; got {lowered.Describe()}");
    }

    [Theory]
    [InlineData("import requests as r\nr.post('https://x.test', data={'a': 1})\n", "requests.post")]
    [InlineData("from subprocess import run as go\ngo(['ls'])\n", "subprocess.run")]
    [InlineData("import os.path\nos.path.join('a', 'b')\nos.system('id')\n", "os.system")]
    [InlineData("from os import system\nsystem('id')\n", "os.system")]
    [InlineData("from os import *\nsystem('id')\n", "os.system")]
    [InlineData("import subprocess as sp\nsp.Popen(['ls'])\n", "subprocess.Popen")]
    [InlineData("import requests\nrequests.Session().post('https://x.test')\n", "requests.post")]
    [InlineData("import requests\nwith requests.Session() as s:\n    s.post('https://x.test')\n", "requests.post")]
    [InlineData("import socket\ns = socket.socket()\ns.connect(('h', 1))\ns.sendall(b'x')\n", "socket.socket.sendall")]
    [InlineData("import urllib.request\nurllib.request.urlopen('https://x.test')\n", "urllib.request.urlopen")]
    [InlineData("from urllib import request\nrequest.urlopen('https://x.test')\n", "urllib.request.urlopen")]
    [InlineData("import urllib2\nurllib2.urlopen('https://x.test')\n", "urllib.request.urlopen")]
    [InlineData("import dns.resolver\ndns.resolver.resolve('x.test')\n", "dns.resolver.resolve")]
    [InlineData("import boto3\nboto3.client('s3').put_object(Bucket='b', Key='k', Body=b'x')\n", "boto3.client.put_object")]
    [InlineData("import paramiko\nc = paramiko.SSHClient()\nc.exec_command('id')\n", "paramiko.SSHClient.exec_command")]
    [InlineData("from pathlib import Path\nPath('a.txt').read_text()\n", "pathlib.Path.read_text")]
    public void PythonImportForms(string code, string callee)
    {
        var lowered = Lowered.Py(code);
        Assert.True(lowered.Has(callee), $"expected {callee}; got {lowered.Describe()}");
    }

    [Fact]
    public void AliasIsRecordedButPlainNamesAreNot()
    {
        var js = Lowered.Js("const cp = require('child_process'); cp.exec('ls');\nconst child_process = require('child_process'); child_process.exec('id');");
        var calls = js.Calls("child_process.exec").ToList();
        Assert.Equal(2, calls.Count);
        Assert.StartsWith("alias", calls[0].ResolvedVia);
        Assert.Null(calls[1].ResolvedVia);
        Assert.Contains("proc.shell", calls[0].Capabilities);
    }

    [Fact]
    public void ImportsAreFacts()
    {
        var py = Lowered.Py("import os, requests as r\nfrom subprocess import run as go\n");
        Assert.Contains(py.Facts.Imports, i => i.Module == "os" && i.Alias is null);
        Assert.Contains(py.Facts.Imports, i => i.Module == "requests" && i.Alias == "r");
        Assert.Contains(py.Facts.Imports, i => i.Module == "subprocess.run" && i.Alias == "go");
        var js = Lowered.Js("import x from 'node:child_process'; const y = require('axios');");
        Assert.Contains(js.Facts.Imports, i => i.Module == "child_process" && i.Alias == "x");
        Assert.Contains(js.Facts.Imports, i => i.Module == "axios");
    }

    [Fact]
    public void TypeScriptImportRequire()
    {
        var ts = Lowered.Ts("import cp = require('child_process');\nconst run = (c: string): void => { cp.execSync(c as string); };\nrun('id');");
        Assert.True(ts.Has("child_process.execSync"), ts.Describe());
    }

    [Fact]
    public void LocalVariableShadowsModuleName()
    {
        // A local `exec` that is not the builtin does not resolve to code.eval.
        var py = Lowered.Py("def exec(x):\n    return x\nexec('hello world')\n");
        Assert.DoesNotContain(py.Facts.Calls, c => c.Has("code.eval"));
    }
}
