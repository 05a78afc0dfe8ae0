using SkillScan.Model;
using SkillScan.TreeSitter;

namespace SkillScan.Semantics.Lowering;

/// <summary>What a tree-sitter node type means to the lowering. Several grammars map onto one kind.</summary>
internal enum NodeKind : byte
{
    /// <summary>Not known: its named children are visited (statements processed, expressions evaluated).</summary>
    Other = 0,
    Skip,
    Container,
    Identifier,
    This,
    String,
    Template,
    ConcatString,
    Number,
    True,
    False,
    Null,
    Call,
    New,
    Member,
    Subscript,
    Binary,
    BoolOp,
    Compare,
    Unary,
    Ternary,
    Assign,
    AugAssign,
    Declarator,
    NamedExpr,
    Array,
    Object,
    Spread,
    Paren,
    Await,
    Sequence,
    Wrap,
    FunctionExpr,
    FunctionDecl,
    ClassDecl,
    Return,
    Import,
    ImportFrom,
    ForIn,
    AsPattern,
    Comprehension,
    Global,
    ExecStatement,
}

/// <summary>How a string method folds (the same operation may have a different name or receiver per language).</summary>
internal enum StringOp : byte
{
    None,
    JoinReceiverList,   // JS [..].join(sep)
    JoinArgList,        // Python sep.join(list)
    Split,
    Reverse,
    Replace,
    Slice,
    Substr,
    Concat,
    Lower,
    Upper,
    Trim,
    Identity,           // toString(), valueOf(), normalize()
    ToStringEncoding,   // JS buf.toString(enc): identity for utf8, unknown for base64/hex (that encodes)
    Decode,             // Python bytes.decode(enc)
    Encode,             // Python str.encode(enc)
    Format,             // Python str.format(...)
    CharAt,
    Repeat,
    Map,                // JS [..].map(fn)
}

/// <summary>
/// A language's syntax as data: which node types are which kind, the field ids the lowering reads, the names of
/// global objects and the string methods that fold. One <see cref="Lowerer"/> serves every language through this.
/// </summary>
internal sealed class SyntaxProfile
{
    private readonly Dictionary<string, NodeKind> _kindByType;
    // kind + 1 by grammar symbol, 0 while not looked up yet (one byte: safe to fill from several threads).
    private readonly byte[] _kindBySymbol = new byte[ushort.MaxValue + 1];

    private SyntaxProfile(TsLanguage grammar, bool isPython, Dictionary<string, NodeKind> kinds, Dictionary<string, StringOp> methods,
        string[] globalObjects, string[] transparentMembers)
    {
        Grammar = grammar;
        IsPython = isPython;
        _kindByType = kinds;
        StringMethods = methods;
        GlobalObjects = new HashSet<string>(globalObjects, StringComparer.Ordinal);
        TransparentMembers = new HashSet<string>(transparentMembers, StringComparer.Ordinal);
        ushort F(string name) => TsLanguages.GetFieldId(grammar, name);
        FFunction = F("function");
        FArguments = F("arguments");
        FConstructor = F("constructor");
        FObject = F("object");
        FProperty = isPython ? F("attribute") : F("property");
        FSubscriptObject = isPython ? F("value") : F("object");
        FIndex = isPython ? F("subscript") : F("index");
        FLeft = F("left");
        FRight = F("right");
        FOperator = F("operator");
        FName = F("name");
        FValue = F("value");
        FBody = F("body");
        FParameters = F("parameters");
        FParameter = F("parameter");
        FPattern = F("pattern");
        FKey = F("key");
        FSource = F("source");
        FAlias = F("alias");
        FModuleName = F("module_name");
        FDefinition = F("definition");
        FDeclaration = F("declaration");
        FCode = F("code");
        FExpression = F("expression");
        FTypeConversion = F("type_conversion");
        FFormatSpecifier = F("format_specifier");
        FCondition = F("condition");
        FConsequence = F("consequence");
        FAlternative = F("alternative");
    }

    public TsLanguage Grammar { get; }

    public bool IsPython { get; }

    /// <summary>File-opening APIs and the index of their mode argument: a mode with w/a/x/+ makes the call a write.</summary>
    public IReadOnlyDictionary<string, int> OpenModeArguments { get; private init; } = new Dictionary<string, int>();

    /// <summary>Timers that evaluate a string first argument as code (setTimeout("…")).</summary>
    public IReadOnlySet<string> StringCodeCallees { get; private init; } = new HashSet<string>();

    /// <summary>Methods that put their arguments into the receiver (xs.append(v), xs.push(v), d.update(o)).</summary>
    public IReadOnlySet<string> MutatingMethods { get; private init; } = new HashSet<string>();

    /// <summary>String/array methods that fold constants, by method name.</summary>
    public IReadOnlyDictionary<string, StringOp> StringMethods { get; }

    /// <summary>Objects whose members are the globals: `globalThis.eval`, `window['eval']`, `__builtins__.exec`.</summary>
    public HashSet<string> GlobalObjects { get; }

    /// <summary>Members that stand for their object (`os.__dict__['system']` is `os.system`).</summary>
    public HashSet<string> TransparentMembers { get; }

    public ushort FFunction, FArguments, FConstructor, FObject, FProperty, FSubscriptObject, FIndex, FLeft, FRight, FOperator,
        FName, FValue, FBody, FParameters, FParameter, FPattern, FKey, FSource, FAlias, FModuleName, FDefinition, FDeclaration,
        FCode, FExpression, FTypeConversion, FFormatSpecifier, FCondition, FConsequence, FAlternative;

    /// <summary>The kind of a node, cached by grammar symbol so the type string is looked up once per symbol.</summary>
    public NodeKind Kind(TsNode node)
    {
        var symbol = node.Symbol;
        var cached = _kindBySymbol[symbol];
        if (cached != 0) return (NodeKind)(cached - 1);
        var kind = _kindByType.GetValueOrDefault(node.Type, NodeKind.Other);
        _kindBySymbol[symbol] = (byte)(kind + 1);
        return kind;
    }

    public static SyntaxProfile For(Language language) => language switch
    {
        Language.Python => Python.Value,
        Language.TypeScript => TypeScript.Value,
        Language.Tsx => Tsx.Value,
        _ => JavaScript.Value,
    };

    private static readonly Lazy<SyntaxProfile> JavaScript = new(() => Js(TsLanguage.JavaScript));
    private static readonly Lazy<SyntaxProfile> TypeScript = new(() => Js(TsLanguage.TypeScript));
    private static readonly Lazy<SyntaxProfile> Tsx = new(() => Js(TsLanguage.Tsx));
    private static readonly Lazy<SyntaxProfile> Python = new(Py);

    private static SyntaxProfile Js(TsLanguage grammar)
    {
        var k = new Dictionary<string, NodeKind>(StringComparer.Ordinal)
        {
            ["program"] = NodeKind.Container,
            ["statement_block"] = NodeKind.Container,
            ["expression_statement"] = NodeKind.Container,
            ["lexical_declaration"] = NodeKind.Container,
            ["variable_declaration"] = NodeKind.Container,
            ["export_statement"] = NodeKind.Container,
            ["comment"] = NodeKind.Skip,
            ["hash_bang_line"] = NodeKind.Skip,
            ["regex"] = NodeKind.Skip,
            ["type_annotation"] = NodeKind.Skip,
            ["type_arguments"] = NodeKind.Skip,
            ["type_parameters"] = NodeKind.Skip,
            ["type_alias_declaration"] = NodeKind.Skip,
            ["interface_declaration"] = NodeKind.Skip,
            ["ambient_declaration"] = NodeKind.Skip,
            ["property_identifier"] = NodeKind.Skip,
            ["statement_identifier"] = NodeKind.Skip,
            ["debugger_statement"] = NodeKind.Skip,
            ["empty_statement"] = NodeKind.Skip,
            ["identifier"] = NodeKind.Identifier,
            ["shorthand_property_identifier"] = NodeKind.Identifier,
            ["this"] = NodeKind.This,
            ["string"] = NodeKind.String,
            ["template_string"] = NodeKind.Template,
            ["number"] = NodeKind.Number,
            ["true"] = NodeKind.True,
            ["false"] = NodeKind.False,
            ["null"] = NodeKind.Null,
            ["undefined"] = NodeKind.Null,
            ["call_expression"] = NodeKind.Call,
            ["new_expression"] = NodeKind.New,
            ["member_expression"] = NodeKind.Member,
            ["subscript_expression"] = NodeKind.Subscript,
            ["binary_expression"] = NodeKind.Binary,
            ["unary_expression"] = NodeKind.Unary,
            ["ternary_expression"] = NodeKind.Ternary,
            ["assignment_expression"] = NodeKind.Assign,
            ["augmented_assignment_expression"] = NodeKind.AugAssign,
            ["variable_declarator"] = NodeKind.Declarator,
            ["public_field_definition"] = NodeKind.Declarator,
            ["field_definition"] = NodeKind.Declarator,
            ["array"] = NodeKind.Array,
            ["object"] = NodeKind.Object,
            ["spread_element"] = NodeKind.Spread,
            ["parenthesized_expression"] = NodeKind.Paren,
            ["await_expression"] = NodeKind.Await,
            ["yield_expression"] = NodeKind.Await,
            ["sequence_expression"] = NodeKind.Sequence,
            ["as_expression"] = NodeKind.Wrap,
            ["satisfies_expression"] = NodeKind.Wrap,
            ["non_null_expression"] = NodeKind.Wrap,
            ["type_assertion"] = NodeKind.Wrap,
            ["arrow_function"] = NodeKind.FunctionExpr,
            ["function_expression"] = NodeKind.FunctionExpr,
            ["function"] = NodeKind.FunctionExpr,
            ["generator_function"] = NodeKind.FunctionExpr,
            ["function_declaration"] = NodeKind.FunctionDecl,
            ["generator_function_declaration"] = NodeKind.FunctionDecl,
            ["method_definition"] = NodeKind.FunctionDecl,
            ["class_declaration"] = NodeKind.ClassDecl,
            ["class"] = NodeKind.ClassDecl,
            ["abstract_class_declaration"] = NodeKind.ClassDecl,
            ["return_statement"] = NodeKind.Return,
            ["import_statement"] = NodeKind.Import,
            ["for_in_statement"] = NodeKind.ForIn,
        };
        var m = new Dictionary<string, StringOp>(StringComparer.Ordinal)
        {
            ["join"] = StringOp.JoinReceiverList,
            ["split"] = StringOp.Split,
            ["reverse"] = StringOp.Reverse,
            ["toReversed"] = StringOp.Reverse,
            ["replace"] = StringOp.Replace,
            ["replaceAll"] = StringOp.Replace,
            ["slice"] = StringOp.Slice,
            ["substring"] = StringOp.Slice,
            ["substr"] = StringOp.Substr,
            ["concat"] = StringOp.Concat,
            ["toLowerCase"] = StringOp.Lower,
            ["toUpperCase"] = StringOp.Upper,
            ["trim"] = StringOp.Trim,
            ["toString"] = StringOp.ToStringEncoding,
            ["valueOf"] = StringOp.Identity,
            ["normalize"] = StringOp.Identity,
            ["charAt"] = StringOp.CharAt,
            ["repeat"] = StringOp.Repeat,
            ["map"] = StringOp.Map,
        };
        return new SyntaxProfile(grammar, false, k, m, ["globalThis", "window", "global", "self"], [])
        {
            OpenModeArguments = new Dictionary<string, int>(StringComparer.Ordinal)
            {
                ["fs.open"] = 1,
                ["fs.openSync"] = 1,
                ["fs.promises.open"] = 1,
            },
            StringCodeCallees = new HashSet<string>(StringComparer.Ordinal) { "setTimeout", "setInterval", "setImmediate", "execScript" },
            MutatingMethods = new HashSet<string>(StringComparer.Ordinal) { "push", "unshift", "set", "append", "add" },
        };
    }

    private static SyntaxProfile Py()
    {
        var k = new Dictionary<string, NodeKind>(StringComparer.Ordinal)
        {
            ["module"] = NodeKind.Container,
            ["block"] = NodeKind.Container,
            ["expression_statement"] = NodeKind.Container,
            ["decorated_definition"] = NodeKind.Container,
            ["comment"] = NodeKind.Skip,
            ["type"] = NodeKind.Skip,
            ["future_import_statement"] = NodeKind.Skip,
            ["pass_statement"] = NodeKind.Skip,
            ["keyword_separator"] = NodeKind.Skip,
            ["positional_separator"] = NodeKind.Skip,
            ["line_continuation"] = NodeKind.Skip,
            ["identifier"] = NodeKind.Identifier,
            ["string"] = NodeKind.String,
            ["concatenated_string"] = NodeKind.ConcatString,
            ["integer"] = NodeKind.Number,
            ["float"] = NodeKind.Number,
            ["true"] = NodeKind.True,
            ["false"] = NodeKind.False,
            ["none"] = NodeKind.Null,
            ["call"] = NodeKind.Call,
            ["attribute"] = NodeKind.Member,
            ["subscript"] = NodeKind.Subscript,
            ["binary_operator"] = NodeKind.Binary,
            ["boolean_operator"] = NodeKind.BoolOp,
            ["comparison_operator"] = NodeKind.Compare,
            ["not_operator"] = NodeKind.Compare,
            ["unary_operator"] = NodeKind.Unary,
            ["conditional_expression"] = NodeKind.Ternary,
            ["assignment"] = NodeKind.Assign,
            ["augmented_assignment"] = NodeKind.AugAssign,
            ["named_expression"] = NodeKind.NamedExpr,
            ["list"] = NodeKind.Array,
            ["tuple"] = NodeKind.Array,
            ["set"] = NodeKind.Array,
            ["expression_list"] = NodeKind.Array,
            ["dictionary"] = NodeKind.Object,
            ["list_splat"] = NodeKind.Spread,
            ["dictionary_splat"] = NodeKind.Spread,
            ["parenthesized_list_splat"] = NodeKind.Spread,
            ["parenthesized_expression"] = NodeKind.Paren,
            ["await"] = NodeKind.Await,
            ["yield"] = NodeKind.Await,
            ["lambda"] = NodeKind.FunctionExpr,
            ["function_definition"] = NodeKind.FunctionDecl,
            ["class_definition"] = NodeKind.ClassDecl,
            ["return_statement"] = NodeKind.Return,
            ["import_statement"] = NodeKind.Import,
            ["import_from_statement"] = NodeKind.ImportFrom,
            ["for_statement"] = NodeKind.ForIn,
            ["as_pattern"] = NodeKind.AsPattern,
            ["list_comprehension"] = NodeKind.Comprehension,
            ["generator_expression"] = NodeKind.Comprehension,
            ["set_comprehension"] = NodeKind.Comprehension,
            ["dictionary_comprehension"] = NodeKind.Comprehension,
            ["global_statement"] = NodeKind.Global,
            ["nonlocal_statement"] = NodeKind.Global,
            ["exec_statement"] = NodeKind.ExecStatement,
        };
        var m = new Dictionary<string, StringOp>(StringComparer.Ordinal)
        {
            ["join"] = StringOp.JoinArgList,
            ["split"] = StringOp.Split,
            ["replace"] = StringOp.Replace,
            ["lower"] = StringOp.Lower,
            ["upper"] = StringOp.Upper,
            ["strip"] = StringOp.Trim,
            ["decode"] = StringOp.Decode,
            ["encode"] = StringOp.Encode,
            ["format"] = StringOp.Format,
        };
        return new SyntaxProfile(TsLanguage.Python, true, k, m, ["builtins", "__builtins__"], ["__dict__"])
        {
            OpenModeArguments = new Dictionary<string, int>(StringComparer.Ordinal)
            {
                ["open"] = 1,
                ["io.open"] = 1,
                ["codecs.open"] = 1,
                ["os.fdopen"] = 1,
                ["gzip.open"] = 1,
                ["bz2.open"] = 1,
                ["lzma.open"] = 1,
                ["pathlib.Path.open"] = 0,
                ["aiofiles.open"] = 1,
            },
            MutatingMethods = new HashSet<string>(StringComparer.Ordinal)
            {
                "append", "extend", "insert", "add", "update", "setdefault", "appendleft", "write", "writelines",
            },
        };
    }
}
