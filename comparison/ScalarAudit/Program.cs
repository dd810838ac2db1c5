// The audit behind issue #27 item 2 (comparison/benchmark.md, "Stress run"): TorchSharp 0.107 frees implicitly converted
// Scalars and tensors no dispose scope holds in finalizers, which can run during the libtorch call that uses them.
// Not part of the build or the tests (not in the solution); run by hand from the repository root:
//
//   git -C TORCHSHARP_CLONE archive v0.107.0 src/TorchSharp | tar -x -C /tmp/ts     # TorchSharp's source, any way
//   dotnet run --project comparison/ScalarAudit -- scalars /tmp/ts/src/TorchSharp \
//       ~/.nuget/packages/torchsharp/0.107.0/lib/net8.0/TorchSharp.dll src/TorchPractice comparison/TorchPractice.Comparison
//   dotnet run --project comparison/ScalarAudit -- temporaries ~/.nuget/packages/torchsharp/0.107.0/lib/net8.0/TorchSharp.dll \
//       src/TorchPractice src/TorchPractice.Cli comparison/TorchPractice.Comparison
//
// scalars: every implicit (or undisposed ToScalar) Scalar in our code ("OUR CODE …"; `using Scalar`, fields and
// HeldScalars count as held), and every call of a TorchSharp member whose body — or a TorchSharp member it calls — makes
// one (e.g. square(), arange(n), Tensor * double, add_(Tensor), optim.SGD.step). Virtual calls inside TorchSharp count
// every override, so a module constructor shows up through Module.call: read the chain it prints.
// temporaries: a TorchSharp call on another call's new tensor in a member with no NewDisposeScope (lexically: a caller's
// scope may still hold it; review each line). Both print one line per finding; none means nothing found.
if (args.Length > 0 && args[0] == "scalars") Scalars.Run(args[1..]);
else if (args.Length > 0 && args[0] == "temporaries") Temporaries.Run(args[1..]);
else { Console.Error.WriteLine("usage: ScalarAudit scalars TORCHSHARP_SRC TORCHSHARP_DLL DIR… | temporaries TORCHSHARP_DLL DIR…"); return 2; }
return 0;
