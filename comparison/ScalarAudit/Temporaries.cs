using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;

/// <summary>Unscoped temporary tensors (see Program.cs).</summary>
static class Temporaries
{
    public static void Run(string[] args)
    {
        // a TorchSharp call whose receiver or argument is another call's new Tensor (held by nothing), in a member whose
        // body has no NewDisposeScope. Usage: tool TORCHSHARP_DLL DIR...
        var refDir = Directory.GetDirectories("/usr/share/dotnet/packs/Microsoft.NETCore.App.Ref").Max() + "/ref/net10.0";
        var refs = Directory.GetFiles(refDir, "*.dll").Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).Append(MetadataReference.CreateFromFile(args[0])).ToList();
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = args.Skip(1).SelectMany(d => Directory.GetFiles(d, "*.cs", SearchOption.AllDirectories)).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/"))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).ToList();
        trees.Add(CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Threading; global using System.Threading.Tasks;", parse));
        var c = CSharpCompilation.Create("x", trees, refs, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        bool IsTensor(ITypeSymbol t) => t?.ToDisplayString() is "TorchSharp.torch.Tensor" or "TorchSharp.torch.Tensor?";
        bool NewTensor(IOperation o)
        {
            while (o is IConversionOperation cv) o = cv.Operand;
            return IsTensor(o.Type) && (o is IInvocationOperation { TargetMethod.ContainingAssembly.Name: "TorchSharp" } || o is IBinaryOperation { OperatorMethod: not null } || o is IUnaryOperation { OperatorMethod: not null });
        }
        foreach (var tree in trees.Take(trees.Count - 1))
        {
            var model = c.GetSemanticModel(tree);
            foreach (var member in tree.GetRoot().DescendantNodes().OfType<MemberDeclarationSyntax>().Where(m => m is BaseMethodDeclarationSyntax or PropertyDeclarationSyntax))
            {
                if (member.ToString().Contains("NewDisposeScope")) continue;
                foreach (var node in member.DescendantNodes())
                {
                    var op = model.GetOperation(node);
                    if (op is null || op.Syntax != node) continue;
                    IOperation receiver = null; IEnumerable<IOperation> argsOps = [];
                    if (op is IInvocationOperation inv && inv.TargetMethod.ContainingAssembly?.Name == "TorchSharp") { receiver = inv.Instance; argsOps = inv.Arguments.Select(a => a.Value); }
                    else if (op is IBinaryOperation { OperatorMethod: not null } b) argsOps = [b.LeftOperand, b.RightOperand];
                    else continue;
                    var temps = (receiver is null ? argsOps : argsOps.Prepend(receiver)).Where(NewTensor).ToList();
                    if (temps.Count == 0) continue;
                    // The result of MoveToOuterDisposeScope etc. on a temp is also a temp use.
                    Console.WriteLine($"{tree.FilePath}:{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {node.ToString().Split('\n')[0].Trim()}");
                    break; // one line per member is enough to review it
                }
            }
        }
    }
}
