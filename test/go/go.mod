module flamewatch.test/hotspots

go 1.19
