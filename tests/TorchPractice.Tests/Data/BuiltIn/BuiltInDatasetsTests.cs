using TorchPractice.Data;

namespace TorchPractice.Tests.Data.BuiltIn;

public sealed class BuiltInDatasetsTests
{
    [Fact]
    public void Every_listed_name_loads_with_the_name_on_both_parts()
    {
        foreach (var name in BuiltInDatasets.Names)
        {
            Assert.True(BuiltInDatasets.TryLoad(name, BuiltInDatasets.DefaultSeed, out var split), name);
            Assert.Equal(name, split.Train.Name);
            Assert.Equal(name, split.Test.Name);
            Assert.True(split.Train.Count > 0 && split.Test.Count > 0);
            Assert.Equal(split.Train.FeatureNames, split.Test.FeatureNames);
        }
    }

    [Fact]
    public void Names_are_case_insensitive() => Assert.True(BuiltInDatasets.TryLoad(" Circles", 1, out _));

    [Theory]
    [InlineData("spirals")]
    [InlineData("")]
    public void Unknown_names_return_false(string name)
    {
        Assert.False(BuiltInDatasets.TryLoad(name, 1, out var split));
        Assert.Null(split);
    }
}
