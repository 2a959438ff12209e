defmodule Shop.MixProject do
  use Mix.Project

  def project do
    [app: :shop, version: "0.1.0", elixir: "~> 1.14", deps: deps()]
  end

  defp deps do
    [{:phoenix, "~> 1.5.14"}, {:phoenix_html, "~> 2.14"}, {:plug_cowboy, "~> 2.0"}]
  end
end
