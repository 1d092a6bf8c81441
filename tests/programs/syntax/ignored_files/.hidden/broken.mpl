fn broken( do
