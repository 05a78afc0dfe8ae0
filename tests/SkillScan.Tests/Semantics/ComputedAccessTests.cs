namespace SkillScan.Tests.Semantics;

/// <summary>Dangerous callees reached through computed access or string building resolve, marked "computed".</summary>
public sealed class ComputedAccessTests
{
    [Theory]
    [InlineData("const cp = require('child_process'); cp['ex' + 'ec']('id');", "child_process.exec")]
    [InlineData("const k = 'ev' + 'al'; globalThis[k]('1');", "eval")]
    [InlineData("window[atob('ZXZhbA==')]('1');", "eval")]
    [InlineData("require('child_' + 'process').execSync('id');", "child_process.execSync")]
    [InlineData("const m = ['child', 'process'].join('_'); require(m).spawn('sh');", "child_process.spawn")]
    [InlineData("(0, eval)('1');", "eval")]
    [InlineData("[].constructor.constructor('return 1')();", "Function")]
    [InlineData("const f = Reflect.get(globalThis, 'ev' + 'al'); f('1');", "eval")]
    public void JavaScript(string code, string callee)
    {
        var js = Lowered.Js(code);
        var call = js.Calls(callee).FirstOrDefault(c => c.ResolvedVia is not null);
        Assert.True(call is not null, $"no computed {callee}: {js.Describe()}");
        Assert.StartsWith("computed", call!.ResolvedVia);
    }

    [Theory]
    [InlineData("import os\ngetattr(os, 'sys' + 'tem')('id')\n", "os.system")]
    [InlineData("__import__('o' + 's').system('id')\n", "os.system")]
    [InlineData("import importlib\nimportlib.import_module('sub' + 'process').run(['id'])\n", "subprocess.run")]
    [InlineData("__builtins__.__dict__['ex' + 'ec']('print(1)')\n", "exec")]
    [InlineData("import builtins\ngetattr(builtins, 'ev' + 'al')('1')\n", "eval")]
    [InlineData("globals()['__builtins__']\nf = getattr(__import__('builtins'), 'exec')\nf('print(1)')\n", "exec")]
    public void Python(string code, string callee)
    {
        var py = Lowered.Py(code);
        var call = py.Calls(callee).FirstOrDefault(c => c.ResolvedVia is not null);
        Assert.True(call is not null, $"no computed {callee}: {py.Describe()}");
        Assert.StartsWith("computed", call!.ResolvedVia);
        Assert.NotEmpty(call.Capabilities);
    }

    [Fact]
    public void LiteralImportIsNotComputed()
    {
        var py = Lowered.Py("__import__('os').system('id')\n");
        Assert.Null(py.Call("os.system").ResolvedVia);
        var js = Lowered.Js("require('child_process').exec('id');");
        Assert.Null(js.Call("child_process.exec").ResolvedVia);
    }

    [Fact]
    public void NonLiteralRequireKeepsItsCall()
    {
        var js = Lowered.Js("const name = process.argv[2]; require(name);");
        var require = js.Call("require");
        Assert.Contains("code.load", require.Capabilities);
        Assert.Null(require.Args[0].Constant);
        Assert.True(require.Args[0].HasSource("user.input"));
    }
}
