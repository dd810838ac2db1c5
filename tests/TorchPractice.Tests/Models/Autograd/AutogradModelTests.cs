using TorchPractice.Models;
using TorchPractice.Models.Autograd;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Models.Autograd;

/// <summary>The autograd model's own parameter update (it replaced optim.SGD.step, whose implicit α crashed under load: #27).</summary>
public sealed class AutogradModelTests
{
    [Theory]
    [InlineData(0.0, 1.0, 0.3)]
    [InlineData(0.7, 1.0, 0.3)]
    [InlineData(0.0, 0.8, 0.05)]
    [InlineData(0.3, 0.8, 1.7)]
    public void A_training_step_updates_the_parameters_as_TorchSharps_optim_SGD_does_bit_for_bit(double lambd, double keepProb, double lr)
    {
        var o = new ModelOptions { Layers = [3, 5, 4, 1], Init = Init.He, Lambd = lambd, KeepProb = keepProb };
        var (x, y) = TestData.Problem(3, 17, seed: 4);
        using var p = InitialParameters.Create(o, TestData.Rng(2), CPU);
        using var model = new AutogradModel(o, p, new RandomMasks(TestData.Rng(5), o.KeepProb, false));
        // The reference: the same gradients (the same masks from an identically seeded source), stepped by optim.SGD.
        using var g = model.Gradients(x, y, new RandomMasks(TestData.Rng(5), o.KeepProb, false));
        var reference = p.Names.Select(n => new TorchSharp.Modules.Parameter(p[n].clone())).ToArray();
        for (int i = 0; i < reference.Length; i++) reference[i].grad = g[p.Names[i]].clone();
        using (var sgd = optim.SGD(reference, learningRate: lr)) sgd.step();

        model.TrainStep(x, y, lr, reportCost: false);

        using var after = model.CopyParameters();
        for (int i = 0; i < reference.Length; i++)
        {
            string n = p.Names[i];
            Assert.False(after[n].equal(p[n]).all().item<bool>() && g[n].abs().sum().item<double>() > 0, $"{n} moved");
            Assert.True(after[n].equal(reference[i].detach()).all().item<bool>(), $"{n}: the same bits as optim.SGD's step");
            reference[i].Dispose();
        }
    }
}
