using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;

/// <summary>Implicit or undisposed Scalars in our code, and calls of TorchSharp members that make one (see Program.cs).</summary>
static class Scalars
{
    public static void Run(string[] args)
    {
        // Which TorchSharp members called from our code create a Scalar that nobody disposes (implicit conversion, or an
        // undisposed ToScalar()), directly or through other TorchSharp members. Usage: tool TORCHSHARP_SRC TORCHSHARP_DLL OUR_DIR...

        var refDir = Directory.GetDirectories("/usr/share/dotnet/packs/Microsoft.NETCore.App.Ref").Max() + "/ref/net10.0";
        var frameworkRefs = Directory.GetFiles(refDir, "*.dll").Select(f => MetadataReference.CreateFromFile(f)).ToList();
        var parse = new CSharpParseOptions(LanguageVersion.Preview, preprocessorSymbols: ["NET6_0_OR_GREATER", "NET8_0_OR_GREATER", "NET"]);
        var tsTrees = Directory.GetFiles(args[0], "*.cs", SearchOption.AllDirectories).Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).ToList();
        var ts = CSharpCompilation.Create("TorchSharp", tsTrees, frameworkRefs, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        Console.Error.WriteLine($"TorchSharp source: {tsTrees.Count} files, {ts.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error)} errors");

        bool IsScalar(ITypeSymbol t) => t?.ToDisplayString() is "TorchSharp.Scalar" or "TorchSharp.Scalar?";
        string Id(ISymbol s) => (s as IMethodSymbol)?.ReducedFrom?.OriginalDefinition.GetDocumentationCommentId() ?? s.OriginalDefinition.GetDocumentationCommentId() ?? s.ToDisplayString();

        // Disposed ToScalar results: `using var s = x.ToScalar()`, `using (var s = ...)`.
        bool Held(IOperation op)
        {
            var p = op.Parent;
            while (p is IConversionOperation) p = p.Parent;
            if (p is IVariableInitializerOperation vi && vi.Parent is IVariableDeclaratorOperation d)
            {
                IOperation q = d;
                while (q is IVariableDeclaratorOperation or IVariableDeclarationOperation or IVariableDeclarationGroupOperation) q = q.Parent;
                return q is IUsingDeclarationOperation or IUsingOperation;
            }
            return p is IFieldInitializerOperation || p is ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation }
                || op.Syntax.SyntaxTree.FilePath.EndsWith("HeldScalars.cs"); // HeldScalars holds what it makes (in a dictionary)

        }

        var direct = new Dictionary<string, List<string>>();   // member id → reasons
        var calls = new Dictionary<string, HashSet<string>>(); // member id → TorchSharp members it calls
        void Scan(Compilation c, SyntaxTree tree, Action<string, IOperation, ISymbol> onCall, Action<string, IOperation, string> onScalar)
        {
            var model = c.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes().Where(n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax or LocalFunctionStatementSyntax or FieldDeclarationSyntax))
            {
                if (node is LocalFunctionStatementSyntax) continue; // scanned with the enclosing member
                ISymbol owner = node is FieldDeclarationSyntax f ? model.GetDeclaredSymbol(f.Declaration.Variables[0]) : model.GetDeclaredSymbol(node);
                if (owner is null) continue;
                if (node is PropertyDeclarationSyntax { AccessorList: not null } or IndexerDeclarationSyntax { AccessorList: not null }) continue; // accessors scanned alone
                if (node is AccessorDeclarationSyntax) owner = model.GetDeclaredSymbol(node);
                string id = Id(owner);
                foreach (var sub in node.DescendantNodesAndSelf())
                {
                    var first = model.GetOperation(sub);
                    if (first is null || first.Syntax != sub) continue;
                    // Implicit conversions share their operand's syntax: visit the operation and its parents on the same node.
                    for (var op = first; op is not null && op.Syntax == sub; op = op.Parent)
                    {
                    switch (op)
                    {
                        case IConversionOperation conv when conv.Conversion.IsUserDefined && IsScalar(conv.Type) && !Held(conv):
                            onScalar(id, op, $"implicit {conv.Operand.Type} '{conv.Operand.Syntax}' → Scalar");
                            break;
                        case IInvocationOperation inv when inv.TargetMethod.Name == "ToScalar" && !Held(inv):
                            onScalar(id, op, $"undisposed '{inv.Syntax}'");
                            break;
                    }
                    ISymbol target = op switch
                    {
                        IInvocationOperation i => i.TargetMethod,
                        IBinaryOperation b => b.OperatorMethod,
                        IUnaryOperation u => u.OperatorMethod,
                        ICompoundAssignmentOperation ca => ca.OperatorMethod,
                        IPropertyReferenceOperation pr => pr.Property,
                        IObjectCreationOperation oc => oc.Constructor,
                        IConversionOperation cv when cv.Conversion.IsUserDefined => cv.Conversion.MethodSymbol,
                        _ => null,
                    };
                    if (target is not null) onCall(id, op, target);
                    }
                }
            }
        }
        foreach (var tree in tsTrees)
            Scan(ts, tree,
                (id, op, target) =>
                {
                    if (!SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, ts.Assembly)) return;
                    if (!calls.TryGetValue(id, out var set)) calls[id] = set = [];
                    if (target is IPropertySymbol p) { if (p.GetMethod != null) set.Add(Id(p.GetMethod)); if (p.SetMethod != null) set.Add(Id(p.SetMethod)); }
                    else set.Add(Id(target));
                    if (target is IMethodSymbol m && (m.IsAbstract || m.IsVirtual || m.IsOverride)) // virtual: any override may run
                        foreach (var t in ts.GetSymbolsWithName(m.Name, SymbolFilter.Member).OfType<IMethodSymbol>().Where(x => x.IsOverride)) set.Add(Id(t));
                },
                (id, op, why) =>
                {
                    if (!direct.TryGetValue(id, out var l)) direct[id] = l = [];
                    l.Add($"{why} ({Path.GetFileName(op.Syntax.SyntaxTree.FilePath)}:{op.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1})");
                });

        // Tainted: a member whose body (or any TorchSharp member it calls) makes an undisposed Scalar.
        var tainted = new Dictionary<string, string>(); // id → first reason (with the path)
        foreach (var (id, l) in direct) tainted[id] = l[0];
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (var (id, set) in calls)
                if (!tainted.ContainsKey(id))
                    foreach (var callee in set)
                        if (tainted.TryGetValue(callee, out var why)) { tainted[id] = $"via {callee}: {why}"; changed = true; break; }
        }
        Console.Error.WriteLine($"TorchSharp members making an undisposed Scalar: {direct.Count} directly, {tainted.Count} in all");

        // Our code, compiled against the TorchSharp package's assembly.
        var ourRefs = frameworkRefs.Append(MetadataReference.CreateFromFile(args[1])).ToList();
        var ourTrees = args.Skip(2).SelectMany(d => Directory.GetFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")).Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).ToList();
        var usings = CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Threading; global using System.Threading.Tasks;", parse, "usings.cs");
        var ours = CSharpCompilation.Create("Ours", ourTrees.Append(usings), ourRefs, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable)
            .WithUsings());
        var hits = new SortedSet<string>();
        foreach (var tree in ourTrees)
            Scan(ours, tree,
                (id, op, target) =>
                {
                    if (target.ContainingAssembly?.Name != "TorchSharp") return;
                    if (target is IMethodSymbol { MethodKind: MethodKind.Conversion }) return; // judged by the Held rule above
                    var ids = target is IPropertySymbol p ? new[] { p.GetMethod, p.SetMethod }.Where(m => m != null).Select(Id) : [Id(target)];
                    foreach (var t in ids)
                        if (tainted.TryGetValue(t, out var why))
                            hits.Add($"{tree.FilePath}:{op.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {op.Syntax.ToString().Split('\n')[0].Trim()}  —  {t}: {why}");
                },
                (id, op, why) => hits.Add($"{tree.FilePath}:{op.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: OUR CODE {why}"));
        Console.Error.WriteLine($"our code: {ourTrees.Count} files, {ours.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error)} errors");
        foreach (var h in hits) Console.WriteLine(h);
    }
}
