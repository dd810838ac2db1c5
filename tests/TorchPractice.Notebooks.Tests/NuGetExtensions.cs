using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace TorchPractice.Notebooks.Tests;

/// <summary>
/// What the Jupyter kernel (dotnet-interactive's KernelExtensionLoader.UseNuGetExtensions, an application's code, not
/// in a library package) does after a command that restored packages: for each package added, every assembly in its
/// interactive-extensions/dotnet folder is loaded into the default context and each <see cref="IKernelExtension"/>
/// in it is created and loaded, with the kernel's message "Loading extensions from `PATH`".
/// </summary>
static class NuGetExtensions
{
    public const string LoadingMessage = "Loading extensions from `";

    public static CompositeKernel UseNuGetExtensions(this CompositeKernel kernel)
    {
        var added = new ConcurrentQueue<string>();
        var roots = new HashSet<string>();
        var loaded = new HashSet<string>();
        kernel.AddMiddleware(async (command, context, next) =>
        {
            await next(command, context);
            while (added.TryDequeue(out var root))
            {
                var folder = Path.Combine(root, "interactive-extensions", "dotnet");
                if (!Directory.Exists(folder)) continue;
                foreach (var file in Directory.GetFiles(folder, "*.dll"))
                {
                    lock (loaded)
                        if (!loaded.Add(AssemblyName.GetAssemblyName(file).FullName)) continue;
                    var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(file);
                    var types = assembly.ExportedTypes
                        .Where(t => !t.IsAbstract && !t.IsInterface && !t.IsGenericTypeDefinition && typeof(IKernelExtension).IsAssignableFrom(t))
                        .ToList();
                    if (types.Count > 0) KernelInvocationContextExtensions.Display(context, $"{LoadingMessage}{assembly.Location}`");
                    foreach (var type in types)
                    {
                        try { await ((IKernelExtension)Activator.CreateInstance(type)!).OnLoadAsync(kernel); }
                        catch (Exception e) { context.Fail(context.Command, new KernelExtensionLoadException(e), $"Failed to load kernel extension \"{type.Name}\" from assembly {assembly.Location}"); }
                    }
                }
            }
        });
        kernel.RegisterForDisposal(kernel.KernelEvents.Subscribe(e =>
        {
            if (e is PackageAdded { PackageReference.PackageRoot: { } root })
                lock (roots)
                    if (roots.Add(root)) added.Enqueue(root);
        }));
        return kernel;
    }
}
