<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>EngineText</name>
    <message>
        <source>Checkpoint saved at iteration %1.</source>
        <translation>已在第 %1 步保存检查点。</translation>
    </message>
    <message>
        <source>Training is already at the end of its schedule (%1 iterations).</source>
        <translation>训练已到达计划的终点（%1 步）。</translation>
    </message>
    <message>
        <source>Skipped an image in domain %1: %2</source>
        <translation>已跳过域 %1 中的一张图片：%2</translation>
    </message>
    <message>
        <source>Domain %1 needs at least one image to train.</source>
        <translation>域 %1 至少需要一张图片才能训练。</translation>
    </message>
    <message>
        <source>None of the %1 images in domain %2 can be read.</source>
        <translation>域 %2 中的 %1 张图片都无法读取。</translation>
    </message>
    <message>
        <source>Domain %1 has no images yet: add a folder of images to it.</source>
        <translation>域 %1 还没有图片：请向其中添加一个图片文件夹。</translation>
    </message>
    <message>
        <source>The project "%1" is being trained by another CycleStudio. Stop that one first.</source>
        <translation>项目“%1”正在被另一个 CycleStudio 训练。请先停止那一个。</translation>
    </message>
    <message>
        <source>"%1" is empty (0 bytes).</source>
        <translation>“%1”是空文件（0 字节）。</translation>
    </message>
    <message>
        <source>"%1" is truncated or damaged (the JPEG data ends early).</source>
        <translation>“%1”不完整或已损坏（JPEG 数据提前结束）。</translation>
    </message>
    <message>
        <source>"%1" is not an image this program can read, or it is damaged.</source>
        <translation>“%1”不是本程序能读取的图片，或者已损坏。</translation>
    </message>
    <message>
        <source>"%1" could not be decoded: %2</source>
        <translation>无法解码“%1”：%2</translation>
    </message>
    <message>
        <source>The folder "%1" does not exist.</source>
        <translation>文件夹“%1”不存在。</translation>
    </message>
    <message>
        <source>Cannot read the folder "%1": %2.</source>
        <translation>无法读取文件夹“%1”：%2。</translation>
    </message>
    <message>
        <source>"%1" is not a folder.</source>
        <translation>“%1”不是文件夹。</translation>
    </message>
    <message>
        <source>"%1" does not exist.</source>
        <translation>“%1”不存在。</translation>
    </message>
    <message>
        <source>Cannot translate an empty image.</source>
        <translation>无法转换空图片。</translation>
    </message>
    <message>
        <source>There is already a project in "%1".</source>
        <translation>“%1”中已经有一个项目。</translation>
    </message>
    <message>
        <source>"%1" is not a CycleStudio project (it has no project.json).</source>
        <translation>“%1”不是 CycleStudio 项目（没有 project.json）。</translation>
    </message>
    <message>
        <source>"%1" is damaged (it is not valid JSON).</source>
        <translation>“%1”已损坏（不是有效的 JSON）。</translation>
    </message>
    <message>
        <source>Give both styles a name, or neither.</source>
        <translation>请给两种风格都命名，或者都不命名。</translation>
    </message>
    <message>
        <source>Nothing to export: no input files or folders were given.</source>
        <translation>没有可导出的内容：没有给出输入文件或文件夹。</translation>
    </message>
    <message>
        <source>The output "%1" exists and is not a folder.</source>
        <translation>输出“%1”已存在且不是文件夹。</translation>
    </message>
    <message>
        <source>The output folder "%1" is not writable. Choose another folder.</source>
        <translation>输出文件夹“%1”不可写。请选择其他文件夹。</translation>
    </message>
    <message>
        <source>The output folder "%1" is inside the input folder "%2". Choose an output folder outside the input, so the originals stay untouched.</source>
        <translation>输出文件夹“%1”位于输入文件夹“%2”之内。请选择输入之外的输出文件夹，以免改动原图。</translation>
    </message>
    <message>
        <source>16 bits per channel are written as PNG or TIFF, not as "%1".</source>
        <translation>每通道 16 位只能写成 PNG 或 TIFF，不能写成“%1”。</translation>
    </message>
    <message>
        <source>The video "%1" does not exist.</source>
        <translation>视频“%1”不存在。</translation>
    </message>
    <message>
        <source>"%1" is not a video this program can read, or it is damaged (%2).</source>
        <translation>“%1”不是本程序能读取的视频，或者已损坏（%2）。</translation>
    </message>
    <message>
        <source>"%1" has no pictures (no video track).</source>
        <translation>“%1”没有画面（没有视频轨道）。</translation>
    </message>
    <message>
        <source>"%1" is in the %2 video format, which this build of CycleStudio cannot decode.</source>
        <translation>“%1”采用 %2 视频格式，此版本的 CycleStudio 无法解码。</translation>
    </message>
    <message>
        <source>"%1" has no readable frames; it may be damaged or use a codec this build cannot decode.</source>
        <translation>“%1”没有可读取的帧；它可能已损坏，或者使用了此版本无法解码的编码。</translation>
    </message>
    <message>
        <source>The output video would overwrite the input "%1"; choose another name.</source>
        <translation>输出视频会覆盖输入“%1”；请换一个名字。</translation>
    </message>
    <message>
        <source>The sound of "%1" is in the %2 format, which a %3 file cannot hold and this build cannot convert; choose .mkv to keep it.</source>
        <translation>“%1”的声音采用 %2 格式，%3 文件无法容纳且此版本无法转换；请选择 .mkv 以保留声音。</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Cannot start the process for GPU %1 (%2): %3</source>
        <translation>无法启动 GPU %1 的进程（%2）：%3</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <source>not available for multi-domain projects yet; the first iterations show the speed.</source>
        <translation>多域项目暂不提供估算；最初几次迭代会显示速度。</translation>
    </message>
    <message>
        <source>No estimate: %1</source>
        <translation>无法估算：%1</translation>
    </message>
</context>
<context>
    <name>app::ModelLibrary</name>
    <message>
        <source>Something went wrong: %1</source>
        <translation>出了点问题：%1</translation>
    </message>
    <message>
        <source>trained in CycleStudio</source>
        <translation>在 CycleStudio 中训练</translation>
    </message>
    <message>
        <source>The model library's "%1" cannot be used: %2</source>
        <translation>模型库中的“%1”无法使用：%2</translation>
    </message>
    <message>
        <source>The model library's folder "%1" cannot be created.</source>
        <translation>无法创建模型库文件夹“%1”。</translation>
    </message>
    <message>
        <source>"%1" could not be removed from the model library.</source>
        <translation>无法从模型库中移除“%1”。</translation>
    </message>
    <message>
        <source>%1, %2, %3 px, iteration %4</source>
        <translation>%1，%2，%3 像素，第 %4 次迭代</translation>
    </message>
    <message>
        <source>B → A</source>
        <translation>B → A</translation>
    </message>
    <message>
        <source>A → B</source>
        <translation>A → B</translation>
    </message>
</context>
<context>
    <name>app::ProjectController</name>
    <message>
        <source>Stop training before opening another project.</source>
        <translation>请先停止训练，再打开其他项目。</translation>
    </message>
    <message>
        <source>The project “%1” has changes to its domains or settings that are not saved. Save them?</source>
        <translation>项目“%1”的数据域或设置有未保存的更改。要保存吗？</translation>
    </message>
    <message>
        <source>There is no project to save. Create one with File → New Project…</source>
        <translation>没有可保存的项目。请通过“文件 → 新建项目…”创建一个。</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <source>Open a CycleStudio project</source>
        <translation>打开 CycleStudio 项目</translation>
    </message>
    <message>
        <source> (fine-tuned)</source>
        <translation>（微调）</translation>
    </message>
    <message>
        <source>New multi-domain project folder</source>
        <translation>新多域项目文件夹</translation>
    </message>
    <message>
        <source>Untitled multi-domain project</source>
        <translation>未命名多域项目</translation>
    </message>
    <message>
        <source>The fine-tuning project could not be created: %1</source>
        <translation>无法创建微调项目：%1</translation>
    </message>
    <message>
        <source>Drop the new images onto Domain A and Domain B, then press Start.</source>
        <translation>请把新图像拖到数据域 A 和数据域 B 上，然后按“开始”。</translation>
    </message>
    <message>
        <source>Domain %1</source>
        <translation>数据域 %1</translation>
    </message>
    <message>
        <source>Drop a folder of images onto each domain's tab; add domains with +, rename them with a double-click.</source>
        <translation>请把图像文件夹拖到每个数据域的标签页上；用 + 添加数据域，双击可重命名。</translation>
    </message>
    <message>
        <source>The demo images are not installed with this copy of CycleStudio.</source>
        <translation>此 CycleStudio 副本没有安装演示图像。</translation>
    </message>
    <message>
        <source>CycleStudio Demo</source>
        <translation>CycleStudio 演示</translation>
    </message>
    <message>
        <source>Choose the settings, then press Start.</source>
        <translation>请选择设置，然后按“开始”。</translation>
    </message>
    <message>
        <source>Press Start to train.</source>
        <translation>按“开始”进行训练。</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Paintings</source>
        <translation>绘画</translation>
    </message>
</context>
<context>
    <name>app::Studio</name>
    <message>
        <source>&lt;p&gt;Built with:&lt;/p&gt;&lt;ul&gt;</source>
        <translation>&lt;p&gt;使用以下组件构建：&lt;/p&gt;&lt;ul&gt;</translation>
    </message>
    <message>
        <source>&lt;li&gt;Qt %1 (LGPL-3.0)&lt;/li&gt;</source>
        <translation>&lt;li&gt;Qt %1（LGPL-3.0）&lt;/li&gt;</translation>
    </message>
    <message>
        <source>&lt;li&gt;%1 %2 (%3)&lt;/li&gt;</source>
        <translation>&lt;li&gt;%1 %2（%3）&lt;/li&gt;</translation>
    </message>
    <message>
        <source>&lt;li&gt;QCustomPlot 2.1 (GPL-3.0)&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;li&gt;QCustomPlot 2.1（GPL-3.0）&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>Open or create a project first (File → Open Project…).</source>
        <translation>请先打开或创建一个项目（文件 → 打开项目…）。</translation>
    </message>
    <message>
        <source>Both domains need images: drop a folder onto Domain A and onto Domain B.</source>
        <translation>两个数据域都需要图像：请分别把文件夹拖到数据域 A 和数据域 B 上。</translation>
    </message>
    <message>
        <source>Stopping training and saving a checkpoint…</source>
        <translation>正在停止训练并保存检查点…</translation>
    </message>
    <message>
        <source>Every domain needs images: drop a folder of images onto “%1”.</source>
        <translation>每个数据域都需要图像：请把图像文件夹拖到“%1”上。</translation>
    </message>
    <message>
        <source>Created %1; open it when you are ready.</source>
        <translation>已创建 %1；准备好后即可打开。</translation>
    </message>
    <message>
        <source>Press Start to continue the training.</source>
        <translation>按“开始”继续训练。</translation>
    </message>
    <message>
        <source>The language changes when training has stopped; choose it again then.</source>
        <translation>训练停止后才能切换语言；届时请再次选择。</translation>
    </message>
</context>
<context>
    <name>app::TrainingController</name>
    <message>
        <source>Training stopped at iteration %1; the checkpoint is saved.</source>
        <translation>训练已在第 %1 次迭代停止，检查点已保存。</translation>
    </message>
    <message>
        <source>Start again from scratch?</source>
        <translation>从头重新开始？</translation>
    </message>
    <message>
        <source>%1

Start training again from scratch? The old loss curves are kept in the project's logs folder.</source>
        <translation>%1

要从头重新开始训练吗？旧的损失曲线会保留在项目的 logs 文件夹中。</translation>
    </message>
    <message numerus="yes">
        <source>Training stopped after %n minute(s), as asked, at iteration %1; press Start to continue.</source>
        <translation>
            <numerusform>训练已按要求在 %n 分钟后停止，停在第 %1 次迭代；按“开始”继续。</numerusform>
        </translation>
    </message>
    <message>
        <source>Training has ended</source>
        <translation>训练已结束</translation>
    </message>
</context>
<context>
    <name>app::TrainingWorker</name>
    <message>
        <source>Training stopped because of an unexpected error: %1</source>
        <translation>训练因意外错误而停止：%1</translation>
    </message>
    <message>
        <source>%1 processes, each on %2</source>
        <translation>%1 个进程，每个在 %2 上</translation>
    </message>
</context>
<context>
    <name>app::TranslateWorker</name>
    <message>
        <source>Translation failed: %1</source>
        <translation>转换失败：%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>B → A</source>
        <translation>B → A</translation>
    </message>
    <message>
        <source>A → B</source>
        <translation>A → B</translation>
    </message>
    <message>
        <source>%1, trained at %2 px, iteration %3</source>
        <translation>%1，以 %2 像素训练，第 %3 次迭代</translation>
    </message>
    <message>
        <source>this project's model</source>
        <translation>本项目的模型</translation>
    </message>
    <message>
        <source>%1 at step %2</source>
        <translation>%1，第 %2 步</translation>
    </message>
    <message>
        <source>the model in training, at step %1</source>
        <translation>训练中的模型，第 %1 步</translation>
    </message>
    <message>
        <source>Saving failed: %1</source>
        <translation>保存失败：%1</translation>
    </message>
</context>
<context>
    <name>app::TranslationController</name>
    <message>
        <source>Exported the model (%1) to %2.</source>
        <translation>已将模型（%1）导出到 %2。</translation>
    </message>
    <message>
        <source>Open a project with a trained model first.</source>
        <translation>请先打开一个含有已训练模型的项目。</translation>
    </message>
    <message>
        <source>A → B</source>
        <translation>A → B</translation>
    </message>
    <message>
        <source>B → A</source>
        <translation>B → A</translation>
    </message>
    <message>
        <source>Export model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <source>Direction to export:</source>
        <translation>要导出的方向：</translation>
    </message>
    <message>
        <source>CycleStudio model (*.csm)</source>
        <translation>CycleStudio 模型 (*.csm)</translation>
    </message>
    <message>
        <source>“%1” is ready on the Translate tab: drop an image there.</source>
        <translation>“%1”已在“转换”页就绪：把图像拖到那里。</translation>
    </message>
    <message>
        <source>Import a model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <source>Models (*.csm *.pth *.pt);;CycleStudio models (*.csm);;PyTorch CycleGAN generators (*.pth *.pt)</source>
        <translation>模型 (*.csm *.pth *.pt);;CycleStudio 模型 (*.csm);;PyTorch CycleGAN 生成器 (*.pth *.pt)</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>Reading the PyTorch checkpoint…</source>
        <translation>正在读取 PyTorch 检查点…</translation>
    </message>
    <message>
        <source>Exported models hold two-domain generators; share a multi-domain project's folder instead.</source>
        <translation>导出的模型只包含双域生成器；多域项目请直接分享项目文件夹。</translation>
    </message>
    <message>
        <source>PyTorch state_dict, official CycleGAN names (*.pth)</source>
        <translation>PyTorch state_dict，官方 CycleGAN 命名 (*.pth)</translation>
    </message>
    <message>
        <source>TorchScript (*.pt)</source>
        <translation>TorchScript (*.pt)</translation>
    </message>
    <message>
        <source>ONNX (*.onnx)</source>
        <translation>ONNX (*.onnx)</translation>
    </message>
</context>
<context>
    <name>app::deviceText</name>
    <message numerus="yes">
        <source>CPU, %n thread(s)</source>
        <translation>
            <numerusform>CPU，%n 个线程</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Train and use unpaired image-to-image translation models.</source>
        <translation>训练和使用非配对图像到图像转换模型。</translation>
    </message>
    <message>
        <source>A project folder or its project.json to open, or a .csm model file to translate with.</source>
        <translation>要打开的项目文件夹或其 project.json，或用于转换的 .csm 模型文件。</translation>
    </message>
    <message>
        <source>Start training N iterations at once.</source>
        <translation>立即开始训练 N 次迭代。</translation>
    </message>
    <message>
        <source>Close the window after MS milliseconds.</source>
        <translation>在 MS 毫秒后关闭窗口。</translation>
    </message>
    <message>
        <source>Show the train, plots, previews or translate tab.</source>
        <translation>显示“训练”“曲线”“预览”或“转换”标签页。</translation>
    </message>
    <message>
        <source>Train the given project for SECONDS, then print the UI thread's event-loop stalls and quit.</source>
        <translation>训练指定项目 SECONDS 秒，然后输出界面线程事件循环的卡顿情况并退出。</translation>
    </message>
    <message>
        <source>With --measure-ui: export FOLDER (into a temporary folder) instead of training.</source>
        <translation>与 --measure-ui 一起使用：导出 FOLDER（到临时文件夹）而不是训练。</translation>
    </message>
    <message>
        <source>With --measure-ui: scroll the Domain A thumbnails a page every 50 ms instead of training.</source>
        <translation>与 --measure-ui 一起使用：每 50 毫秒将数据域 A 的缩略图滚动一页，而不是训练。</translation>
    </message>
    <message>
        <source>Show the Translate tab with FILE translated by the project's model.</source>
        <translation>显示“转换”标签页，并用项目的模型转换 FILE。</translation>
    </message>
    <message>
        <source>Use the dark theme (as View → Dark Theme).</source>
        <translation>使用深色主题（同“视图 → 深色主题”）。</translation>
    </message>
</context>
<context>
    <name>ui</name>
    <message>
        <source>Give both styles a name, or neither.</source>
        <translation>请为两种风格都命名，或都不命名。</translation>
    </message>
    <message>
        <source>A style's name can have at most 40 characters.</source>
        <translation>风格名称最多 40 个字符。</translation>
    </message>
    <message>
        <source>A style's name may not contain commas.</source>
        <translation>风格名称不能包含逗号。</translation>
    </message>
    <message>
        <source>The two styles need different names.</source>
        <translation>两种风格需要不同的名称。</translation>
    </message>
</context>
<context>
    <name>ui::CompareView</name>
    <message>
        <source>Drag the line (or use the arrow keys) to compare the translation with the original</source>
        <translation>拖动分隔线（或使用方向键）对比转换结果与原图</translation>
    </message>
    <message>
        <source>Drop an image here</source>
        <translation>把图像拖到这里</translation>
    </message>
</context>
<context>
    <name>ui::DatasetDock</name>
    <message>
        <source>Domain A</source>
        <translation>数据域 A</translation>
    </message>
    <message>
        <source>Domain B</source>
        <translation>数据域 B</translation>
    </message>
    <message>
        <source>Double-click a domain's tab to rename it</source>
        <translation>双击数据域的标签页可重命名</translation>
    </message>
    <message>
        <source>Add a domain</source>
        <translation>添加数据域</translation>
    </message>
    <message>
        <source>Name of the new domain:</source>
        <translation>新数据域的名称：</translation>
    </message>
    <message>
        <source>Domain %1</source>
        <translation>数据域 %1</translation>
    </message>
    <message>
        <source>Rename a domain</source>
        <translation>重命名数据域</translation>
    </message>
    <message>
        <source>New name of “%1”:</source>
        <translation>“%1”的新名称：</translation>
    </message>
    <message>
        <source>Remove a domain</source>
        <translation>移除数据域</translation>
    </message>
    <message>
        <source>Remove the domain “%1” from the project? Its image files are not touched.</source>
        <translation>要从项目中移除数据域“%1”吗？其图像文件不会被改动。</translation>
    </message>
    <message>
        <source>A domain name needs 1 to 40 characters.</source>
        <translation>数据域名称需要 1 到 40 个字符。</translation>
    </message>
    <message>
        <source>A domain name may not contain commas.</source>
        <translation>数据域名称不能包含逗号。</translation>
    </message>
    <message>
        <source>There is already a domain called “%1”.</source>
        <translation>已经有名为“%1”的数据域。</translation>
    </message>
    <message>
        <source>A project can have at most %1 domains.</source>
        <translation>一个项目最多可以有 %1 个域。</translation>
    </message>
    <message>
        <source>There is no such domain.</source>
        <translation>没有这个数据域。</translation>
    </message>
    <message>
        <source>A multi-domain project needs at least two domains.</source>
        <translation>多域项目至少需要两个数据域。</translation>
    </message>
</context>
<context>
    <name>ui::DatasetPane</name>
    <message>
        <source>The folders and files of %1. Drop more from the file manager.</source>
        <translation>%1 的文件夹和文件。可从文件管理器拖入更多。</translation>
    </message>
    <message>
        <source>Add Folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Add a folder of images to %1 (its subfolders are included)</source>
        <translation>向 %1 添加一个图像文件夹（包括其子文件夹）</translation>
    </message>
    <message>
        <source>Add Files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Add single image files to %1</source>
        <translation>向 %1 添加单个图像文件</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the selected sources from %1 (the files themselves are not touched)</source>
        <translation>从 %1 中移除所选来源（文件本身不会被改动）</translation>
    </message>
    <message>
        <source>Add a folder of images to %1</source>
        <translation>向 %1 添加图像文件夹</translation>
    </message>
    <message>
        <source>Add images to %1</source>
        <translation>向 %1 添加图像</translation>
    </message>
    <message>
        <source>Add “%1” to %2</source>
        <translation>将“%1”添加到 %2</translation>
    </message>
    <message numerus="yes">
        <source>Add %n sources to %1</source>
        <translation>
            <numerusform>向 %1 添加 %n 个来源</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n source(s) from %1</source>
        <translation>
            <numerusform>从 %1 移除 %n 个来源</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — not found</source>
        <translation>%1 — 未找到</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n image(s)</source>
        <translation>
            <numerusform>%1：%n 张图像</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n unreadable</source>
        <translation>
            <numerusform>%1 · %n 个无法读取</numerusform>
        </translation>
    </message>
    <message>
        <source>Unreadable files are marked in red and skipped by training; hover over one to see why.</source>
        <translation>无法读取的文件以红色标出，训练时会跳过；将鼠标悬停在上面可查看原因。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Images (%1);;All files (*)</source>
        <translation>图像 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>转换</translation>
    </message>
    <message>
        <source>Show this picture translated on the Translate tab</source>
        <translation>在“转换”标签页中显示这张图片的转换结果</translation>
    </message>
</context>
<context>
    <name>ui::FineTuneDialog</name>
    <message>
        <source>New Fine-Tuning Project</source>
        <translation>新建微调项目</translation>
    </message>
    <message>
        <source>Start from a trained model and adapt it to a new, small set of images. The network and its losses stay the model's; the learning rate and schedule are new. Frozen parts keep their weights, which makes training faster and keeps what the model already knows.</source>
        <translation>从已训练的模型出发，使其适应一小组新图像。网络结构和损失沿用原模型；学习率和训练计划重新设定。冻结的部分保持原有权重，这样训练更快，也能保留模型已学到的内容。</translation>
    </message>
    <message>
        <source>Project…</source>
        <translation>项目…</translation>
    </message>
    <message>
        <source>Start from a project's latest checkpoint (both generators and discriminators)</source>
        <translation>从项目的最新检查点开始（两个生成器和两个判别器）</translation>
    </message>
    <message>
        <source>Model File…</source>
        <translation>模型文件…</translation>
    </message>
    <message>
        <source>Start from:</source>
        <translation>起点：</translation>
    </message>
    <message>
        <source>A new folder for the fine-tuning project</source>
        <translation>微调项目的新文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose where the new project is created</source>
        <translation>选择新项目的创建位置</translation>
    </message>
    <message>
        <source>New project:</source>
        <translation>新项目：</translation>
    </message>
    <message>
        <source>Freeze the encoder (the first three layers of both generators)</source>
        <translation>冻结编码器（两个生成器的前三层）</translation>
    </message>
    <message>
        <source>Freeze:</source>
        <translation>冻结：</translation>
    </message>
    <message>
        <source>Residual blocks to freeze, counted from the first</source>
        <translation>要冻结的残差块数，从第一个开始计</translation>
    </message>
    <message>
        <source>Frozen residual blocks:</source>
        <translation>冻结的残差块：</translation>
    </message>
    <message>
        <source>Adam's learning rate; the paper trains from scratch at 0.0002</source>
        <translation>Adam 的学习率；论文从头训练时使用 0.0002</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Epochs at the starting learning rate</source>
        <translation>以初始学习率训练的轮数</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <source>Epochs during which the learning rate falls to zero</source>
        <translation>学习率逐渐降到零的轮数</translation>
    </message>
    <message>
        <source>Decay epochs:</source>
        <translation>衰减轮数：</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>The trained project to start from</source>
        <translation>作为起点的已训练项目</translation>
    </message>
    <message>
        <source>The model to start from</source>
        <translation>作为起点的模型</translation>
    </message>
    <message>
        <source>New project folder</source>
        <translation>新项目文件夹</translation>
    </message>
    <message>
        <source>A project folder, a .csm model file or a PyTorch generator (.pth)</source>
        <translation>项目文件夹、.csm 模型文件或 PyTorch 生成器 (.pth)</translation>
    </message>
    <message>
        <source>Start from a shared .csm model or a PyTorch CycleGAN generator such as style_monet.pth (one generator; the rest starts fresh)</source>
        <translation>从分享的 .csm 模型或 PyTorch CycleGAN 生成器（如 style_monet.pth）开始（一个生成器；其余部分重新开始）</translation>
    </message>
    <message>
        <source>Models (*.csm *.pth *.pt)</source>
        <translation>模型 (*.csm *.pth *.pt)</translation>
    </message>
</context>
<context>
    <name>ui::ImageListModel</name>
    <message>
        <source>This file cannot be read as an image (%1).</source>
        <translation>无法将此文件读取为图像（%1）。</translation>
    </message>
    <message>
        <source>%1
Unreadable: %2</source>
        <translation>%1
无法读取：%2</translation>
    </message>
    <message>
        <source>This file cannot be read as an image.</source>
        <translation>无法将此文件读取为图像。</translation>
    </message>
</context>
<context>
    <name>ui::LossPlot</name>
    <message>
        <source>Show or hide the %1 curve</source>
        <translation>显示或隐藏 %1 曲线</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>Logarithmic loss axis</source>
        <translation>损失轴使用对数刻度</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>Exponential moving average of the curves; the raw values stay faint behind</source>
        <translation>曲线的指数移动平均；原始值以淡色显示在后面</translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation>重置视图</translation>
    </message>
    <message>
        <source>Fit all points (double-click the plot does the same)</source>
        <translation>显示所有数据点（双击图表效果相同）</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save the plot as PNG or the losses as CSV</source>
        <translation>将图表保存为 PNG，或将损失值保存为 CSV</translation>
    </message>
    <message>
        <source>Export the loss plot</source>
        <translation>导出损失曲线</translation>
    </message>
    <message>
        <source>PNG image (*.png);;CSV table (*.csv)</source>
        <translation>PNG 图像 (*.png);;CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Could not write "%1".</source>
        <translation>无法写入“%1”。</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>迭代</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Iteration %1</source>
        <translation>第 %1 次迭代</translation>
    </message>
    <message>
        <source>%1: %2 (smoothed %3)</source>
        <translation>%1：%2（平滑后 %3）</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Show or hide single curves</source>
        <translation>显示或隐藏单条曲线</translation>
    </message>
    <message>
        <source>How to read these curves</source>
        <translation>如何看这些曲线</translation>
    </message>
    <message>
        <source>%1 → %2 realism</source>
        <translation>%1 → %2 逼真度</translation>
    </message>
    <message>
        <source>%1 judge</source>
        <translation>%1 判别器</translation>
    </message>
    <message>
        <source>%1 round trip</source>
        <translation>%1 往返</translation>
    </message>
    <message>
        <source>%1 kept as is</source>
        <translation>%1 保持原样</translation>
    </message>
    <message>
        <source>%1 round trip, coarse scales</source>
        <translation>%1 往返（粗尺度）</translation>
    </message>
    <message>
        <source>%1 round trip, features</source>
        <translation>%1 往返（特征）</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Round trip&lt;/b&gt; (%1 round trip, %2 round trip): how much a picture changes when it is translated into the other style and back. It should fall and stay low: the translation keeps the picture's content.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Realism&lt;/b&gt; (%1 → %2, %2 → %1) and &lt;b&gt;judge&lt;/b&gt;: each translator competes with a judge that tells real pictures from translated ones. These curves do not fall to zero; they wobble around a level. A judge near zero while its realism curve climbs means the judge has won, and the translations will look wrong.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Kept as is&lt;/b&gt;: how much a translator changes a picture that is already in its target style; low keeps colours faithful.&lt;/p&gt;&lt;p&gt;The previews say more about quality than any curve: look at them too.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;往返&lt;/b&gt;（%1 往返、%2 往返）：图片转换到另一风格再转换回来后变化有多大。它应下降并保持较低：说明转换保留了图片的内容。&lt;/p&gt;&lt;p&gt;&lt;b&gt;逼真度&lt;/b&gt;（%1 → %2、%2 → %1）与&lt;b&gt;判别器&lt;/b&gt;：每个转换器都与一个区分真实图片和转换图片的判别器竞争。这些曲线不会降到零，而是在某个水平附近波动。如果判别器接近零而其逼真度曲线上升，说明判别器占了上风，转换结果会不对。&lt;/p&gt;&lt;p&gt;&lt;b&gt;保持原样&lt;/b&gt;：转换器对已经是目标风格的图片改动有多大；越低颜色越忠实。&lt;/p&gt;&lt;p&gt;预览比任何曲线更能说明质量：也请看看预览。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ui::MainWindow</name>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>P&amp;lots</source>
        <translation>曲线(&amp;L)</translation>
    </message>
    <message>
        <source>Pre&amp;views</source>
        <translation>预览(&amp;V)</translation>
    </message>
    <message>
        <source>Tr&amp;anslate</source>
        <translation>转换(&amp;A)</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Training progress over the whole schedule</source>
        <translation>整个训练计划的进度</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>Create an empty project folder, then drop images onto Domain A and Domain B</source>
        <translation>创建一个空的项目文件夹，然后把图像拖到数据域 A 和数据域 B 上</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a CycleStudio project folder</source>
        <translation>打开 CycleStudio 项目文件夹</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the domains and settings to the project (training results are saved as they come)</source>
        <translation>将数据域和设置保存到项目中（训练结果会随时自动保存）</translation>
    </message>
    <message>
        <source>&amp;Export Model…</source>
        <translation>导出模型(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit CycleStudio (training is stopped and checkpointed first)</source>
        <translation>退出 CycleStudio（会先停止训练并保存检查点）</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>Undo the last change to the domains</source>
        <translation>撤销对数据域的上一次更改</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Redo the change to the domains</source>
        <translation>重做对数据域的更改</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Show the training settings</source>
        <translation>显示训练设置</translation>
    </message>
    <message>
        <source>Show the loss curves</source>
        <translation>显示损失曲线</translation>
    </message>
    <message>
        <source>Show the cycle previews</source>
        <translation>显示循环预览</translation>
    </message>
    <message>
        <source>Show the translation view</source>
        <translation>显示转换视图</translation>
    </message>
    <message>
        <source>Show or hide the dataset panel</source>
        <translation>显示或隐藏数据集面板</translation>
    </message>
    <message>
        <source>&amp;Light Theme</source>
        <translation>浅色主题(&amp;L)</translation>
    </message>
    <message>
        <source>Dark text on a light background</source>
        <translation>浅色背景上的深色文字</translation>
    </message>
    <message>
        <source>Dar&amp;k Theme</source>
        <translation>深色主题(&amp;K)</translation>
    </message>
    <message>
        <source>Light text on a dark background</source>
        <translation>深色背景上的浅色文字</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>T&amp;raining</source>
        <translation>训练(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Start or continue training with the settings on the Train tab</source>
        <translation>使用“训练”标签页上的设置开始或继续训练</translation>
    </message>
    <message>
        <source>&amp;Pause or Resume</source>
        <translation>暂停或继续(&amp;P)</translation>
    </message>
    <message>
        <source>Pause training, or resume it; the model stays in memory</source>
        <translation>暂停或继续训练；模型保留在内存中</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop training and save a checkpoint</source>
        <translation>停止训练并保存检查点</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About CycleStudio</source>
        <translation>关于 CycleStudio(&amp;A)</translation>
    </message>
    <message>
        <source>Version, libraries and licences</source>
        <translation>版本、所用库及其许可证</translation>
    </message>
    <message>
        <source>About CycleStudio</source>
        <translation>关于 CycleStudio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;CycleStudio %1&lt;/h3&gt;&lt;p&gt;Train and use unpaired image-to-image translation (CycleGAN, Zhu et al. 2017) on your own computer.&lt;/p&gt;%2</source>
        <translation>&lt;h3&gt;CycleStudio %1&lt;/h3&gt;&lt;p&gt;在自己的电脑上训练和使用非配对图像到图像转换（CycleGAN，Zhu 等，2017）。&lt;/p&gt;%2</translation>
    </message>
    <message>
        <source>Follow the system's language (now: %1)</source>
        <translation>跟随系统语言（当前：%1）</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>CycleStudio</source>
        <translation>CycleStudio</translation>
    </message>
    <message>
        <source>%1[*] — CycleStudio</source>
        <translation>%1[*] — CycleStudio</translation>
    </message>
    <message>
        <source>&amp;%1 %2</source>
        <translation>&amp;%1 %2</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>没有最近的项目</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>撤销(&amp;U) %1</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>重做(&amp;R) %1</translation>
    </message>
    <message>
        <source>Iteration %1 of %2 · epoch %3 of %4 · %5 it/s · ETA %6 · %7</source>
        <translation>第 %1/%2 次迭代 · 第 %3/%4 轮 · %5 次/秒 · 剩余 %6 · %7</translation>
    </message>
    <message>
        <source>Open &amp;Demo Project</source>
        <translation>打开演示项目(&amp;D)</translation>
    </message>
    <message>
        <source>Photos and paintings to try CycleStudio with (created in your Documents folder on first use)</source>
        <translation>用于试用 CycleStudio 的照片和绘画（首次使用时在“文档”文件夹中创建）</translation>
    </message>
    <message>
        <source>New &amp;Fine-Tuning Project…</source>
        <translation>新建微调项目(&amp;F)…</translation>
    </message>
    <message>
        <source>Start a project from a trained model to adapt it to new images quickly</source>
        <translation>从已训练的模型新建项目，快速适应新图像</translation>
    </message>
    <message>
        <source>New &amp;Multi-Domain Project…</source>
        <translation>新建多域项目(&amp;M)…</translation>
    </message>
    <message>
        <source>One model for several domains (StarGAN): name a domain per set of images and translate between any of them</source>
        <translation>一个模型对应多个数据域（StarGAN）：为每组图像命名一个数据域，并在任意两个之间转换</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>New Project from &amp;PyTorch Checkpoint…</source>
        <translation>从 &amp;PyTorch 检查点新建项目…</translation>
    </message>
    <message>
        <source>Continue a training of the official PyTorch CycleGAN code (latest_net_G_A.pth …) on your images</source>
        <translation>用你的图像继续官方 PyTorch CycleGAN 代码的训练（latest_net_G_A.pth …）</translation>
    </message>
    <message>
        <source>Write one direction of the trained model to a file you can share: CycleStudio (.csm), PyTorch (.pth), TorchScript (.pt) or ONNX (.onnx)</source>
        <translation>把训练好的模型的一个方向写成可分享的文件：CycleStudio (.csm)、PyTorch (.pth)、TorchScript (.pt) 或 ONNX (.onnx)</translation>
    </message>
    <message>
        <source>&amp;Import Model…</source>
        <translation>导入模型(&amp;I)…</translation>
    </message>
    <message>
        <source>Add a model to translate with: a CycleStudio model (.csm) or a PyTorch CycleGAN generator (.pth); you can also drop one anywhere on the window</source>
        <translation>添加用于转换的模型：CycleStudio 模型 (.csm) 或 PyTorch CycleGAN 生成器 (.pth)；也可以把文件拖到窗口任意位置</translation>
    </message>
    <message>
        <source>Resuming…</source>
        <translation>正在恢复…</translation>
    </message>
    <message>
        <source>Paused at iteration %1 of %2 · press Resume to continue</source>
        <translation>已暂停于第 %1 次迭代（共 %2 次）· 按“继续”恢复训练</translation>
    </message>
    <message>
        <source>Paused · press Resume to continue</source>
        <translation>已暂停 · 按“继续”恢复训练</translation>
    </message>
    <message>
        <source>Domain A</source>
        <translation>数据域 A</translation>
    </message>
    <message>
        <source>Domain B</source>
        <translation>数据域 B</translation>
    </message>
    <message>
        <source>Name the Styles</source>
        <translation>命名风格</translation>
    </message>
    <message>
        <source>for example Photos</source>
        <translation>例如：照片</translation>
    </message>
    <message>
        <source>for example Watercolours</source>
        <translation>例如：水彩</translation>
    </message>
    <message>
        <source>The names replace A and B everywhere in the window.</source>
        <translation>窗口中各处都会用这些名称代替 A 和 B。</translation>
    </message>
    <message>
        <source>Style A (the pictures you start from):</source>
        <translation>风格 A（起始图片）：</translation>
    </message>
    <message>
        <source>Style B (the style to learn):</source>
        <translation>风格 B（要学习的风格）：</translation>
    </message>
    <message>
        <source>&amp;Name the Styles…</source>
        <translation>命名风格(&amp;N)…</translation>
    </message>
    <message>
        <source>Call the two styles by their names (“Photos”, “Watercolours”) instead of A and B</source>
        <translation>用名称（“照片”“水彩”）代替 A 和 B 来称呼两种风格</translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <source>How to train, read the curves and translate; opens at the topic of the current tab</source>
        <translation>如何训练、看曲线和转换；打开当前标签页对应的主题</translation>
    </message>
    <message>
        <source>measuring…</source>
        <translation>测量中…</translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation>%1–%2</translation>
    </message>
    <message>
        <source>Show CycleStudio in this language</source>
        <translation>以此语言显示 CycleStudio</translation>
    </message>
</context>
<context>
    <name>ui::ModelList</name>
    <message>
        <source>&lt;b&gt;Models&lt;/b&gt;</source>
        <translation>&lt;b&gt;模型&lt;/b&gt;</translation>
    </message>
    <message>
        <source>The model the Translate tab uses. Drop a .pth or .csm file anywhere on the window to add one.</source>
        <translation>“转换”页使用的模型。把 .pth 或 .csm 文件拖到窗口任意位置即可添加。</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Add a model: a CycleStudio model (.csm) or a PyTorch CycleGAN generator (.pth)</source>
        <translation>添加模型：CycleStudio 模型 (.csm) 或 PyTorch CycleGAN 生成器 (.pth)</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Give the chosen model another name</source>
        <translation>给所选模型换个名字</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Take the chosen model out of the library (the file you imported it from stays)</source>
        <translation>从模型库中移除所选模型（导入时的原文件保留）</translation>
    </message>
    <message>
        <source>Rename model</source>
        <translation>重命名模型</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>移除模型</translation>
    </message>
    <message>
        <source>Remove "%1" from the model library?</source>
        <translation>从模型库中移除“%1”？</translation>
    </message>
    <message>
        <source>A → B</source>
        <translation>A → B</translation>
    </message>
    <message>
        <source>B → A</source>
        <translation>B → A</translation>
    </message>
    <message>
        <source>The open project's model
its newest checkpoint</source>
        <translation>当前项目的模型
最新的检查点</translation>
    </message>
</context>
<context>
    <name>ui::NewProjectWizard</name>
    <message>
        <source>New Project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Your two styles</source>
        <translation>您的两种风格</translation>
    </message>
    <message>
        <source>Name the style you start from and the style to learn, and give each a folder of pictures.</source>
        <translation>为起始风格和要学习的风格命名，并为每种风格提供一个图片文件夹。</translation>
    </message>
    <message>
        <source>for example Photos</source>
        <translation>例如：照片</translation>
    </message>
    <message>
        <source>for example Watercolours</source>
        <translation>例如：水彩</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Between 100 and 1000 pictures of each style work well; 20 are enough for a first try. The pictures need not match up or have the same size. Your files are never changed.</source>
        <translation>每种风格 100 到 1000 张图片效果较好；20 张足够先试一试。图片不必一一对应，也不必大小相同。您的文件永远不会被改动。</translation>
    </message>
    <message>
        <source>How long to train</source>
        <translation>训练多久</translation>
    </message>
    <message>
        <source>CycleStudio picks the picture size and schedule that fit the time on this computer. You can stop early, or train longer later.</source>
        <translation>CycleStudio 会根据这台电脑选择适合该时长的图片尺寸和训练计划。您可以提前停止，也可以以后继续训练。</translation>
    </message>
    <message>
        <source>About 15 minutes: a first look</source>
        <translation>约 15 分钟：先看看效果</translation>
    </message>
    <message>
        <source>About an hour</source>
        <translation>约 1 小时</translation>
    </message>
    <message>
        <source>Overnight (8 hours)</source>
        <translation>通宵（8 小时）</translation>
    </message>
    <message>
        <source>Until I stop it: the full schedule</source>
        <translation>直到我停止：完整训练计划</translation>
    </message>
    <message>
        <source>Custom: I will choose every setting myself</source>
        <translation>自定义：我自己选择每项设置</translation>
    </message>
    <message>
        <source>Where to keep it</source>
        <translation>保存位置</translation>
    </message>
    <message>
        <source>The project folder holds the settings, the training's progress, previews and models; your pictures stay where they are.</source>
        <translation>项目文件夹保存设置、训练进度、预览和模型；您的图片保持原位不动。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Where to keep the project</source>
        <translation>项目保存位置</translation>
    </message>
    <message>
        <source>Project name:</source>
        <translation>项目名称：</translation>
    </message>
    <message>
        <source>In the folder:</source>
        <translation>所在文件夹：</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 到 %2</translation>
    </message>
    <message>
        <source>Untitled project</source>
        <translation>未命名项目</translation>
    </message>
    <message>
        <source>A first impression: the new style's colours and rough textures; shapes stay blurry.</source>
        <translation>初步印象：新风格的颜色和粗略纹理；形状仍然模糊。</translation>
    </message>
    <message>
        <source>The new style's colours and textures on the main shapes; fine details stay soft.</source>
        <translation>主要形状上呈现新风格的颜色和纹理；细节仍较柔和。</translation>
    </message>
    <message>
        <source>The style in detail, as far as your pictures allow.</source>
        <translation>在图片允许的范围内细致呈现该风格。</translation>
    </message>
    <message>
        <source>Sketch</source>
        <translation>草图</translation>
    </message>
    <message>
        <source>Quick</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>The project starts with the settings that suit this computer; the Train tab shows every setting, with the advanced ones open.</source>
        <translation>项目以适合这台电脑的设置开始；“训练”标签页显示所有设置，并展开高级设置。</translation>
    </message>
    <message>
        <source>Measuring this computer's speed…</source>
        <translation>正在测量这台电脑的速度…</translation>
    </message>
    <message>
        <source>No estimate: %1</source>
        <translation>无法估算：%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; preset, pictures of %2 px, %3 steps in about %4 on %5.&lt;br&gt;What to expect: %6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;预设，图片 %2 像素，%3 步，在 %5 上约需 %4。&lt;br&gt;预期效果：%6</translation>
    </message>
    <message>
        <source>There is already a folder called “%1” there; choose another name.</source>
        <translation>那里已经有名为“%1”的文件夹；请换一个名称。</translation>
    </message>
    <message numerus="yes">
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt;: %n picture(s)</source>
        <translation>
            <numerusform>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt;：%n 张图片</numerusform>
        </translation>
    </message>
    <message>
        <source>Style A</source>
        <translation>风格 A</translation>
    </message>
    <message numerus="yes">
        <source>&lt;br&gt;&lt;b&gt;%1&lt;/b&gt;: %n picture(s)&lt;/p&gt;</source>
        <translation>
            <numerusform>&lt;br&gt;&lt;b&gt;%1&lt;/b&gt;：%n 张图片&lt;/p&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>Style B</source>
        <translation>风格 B</translation>
    </message>
    <message>
        <source>&lt;p&gt;Settings: chosen on the Train tab.&lt;/p&gt;</source>
        <translation>&lt;p&gt;设置：在“训练”标签页中选择。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;%1 preset, pictures of %2 px, %3 steps, about %4.&lt;/p&gt;&lt;p&gt;What to expect: %5&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1预设，图片 %2 像素，%3 步，约 %4。&lt;/p&gt;&lt;p&gt;预期效果：%5&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The project is created in %1. Press Create, then Start on the Train tab.&lt;/p&gt;</source>
        <translation>&lt;p&gt;项目将创建在 %1。按“创建”，然后在“训练”标签页中按“开始”。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ui::OfficialImportDialog</name>
    <message>
        <source>New Project from PyTorch Checkpoint</source>
        <translation>从 PyTorch 检查点新建项目</translation>
    </message>
    <message>
        <source>Continue a training of the official PyTorch CycleGAN code on your own images. Choose its checkpoint folder (the one with latest_net_G_A.pth); its settings come from train_opt.txt. That code saves no optimizer state, so Adam starts fresh.</source>
        <translation>用你自己的图像继续官方 PyTorch CycleGAN 代码的训练。选择它的检查点文件夹（含 latest_net_G_A.pth 的那个）；设置取自 train_opt.txt。那套代码不保存优化器状态，因此 Adam 从头开始。</translation>
    </message>
    <message>
        <source>Checkpoint folder:</source>
        <translation>检查点文件夹：</translation>
    </message>
    <message>
        <source>A folder with latest_net_G_A.pth, _G_B, _D_A, _D_B</source>
        <translation>含 latest_net_G_A.pth、_G_B、_D_A、_D_B 的文件夹</translation>
    </message>
    <message>
        <source>The PyTorch checkpoint folder</source>
        <translation>PyTorch 检查点文件夹</translation>
    </message>
    <message>
        <source>The saved epoch to continue from; "latest" starts the schedule again</source>
        <translation>从哪个已保存的轮次继续；“latest”会重新开始学习率计划</translation>
    </message>
    <message>
        <source>Epoch:</source>
        <translation>轮次：</translation>
    </message>
    <message>
        <source>Domain A images:</source>
        <translation>域 A 图像：</translation>
    </message>
    <message>
        <source>A folder of images of domain A</source>
        <translation>域 A 的图像文件夹</translation>
    </message>
    <message>
        <source>Domain A's images</source>
        <translation>域 A 的图像</translation>
    </message>
    <message>
        <source>Domain B images:</source>
        <translation>域 B 图像：</translation>
    </message>
    <message>
        <source>A folder of images of domain B</source>
        <translation>域 B 的图像文件夹</translation>
    </message>
    <message>
        <source>Domain B's images</source>
        <translation>域 B 的图像</translation>
    </message>
    <message>
        <source>New project:</source>
        <translation>新项目：</translation>
    </message>
    <message>
        <source>A new folder for the project</source>
        <translation>项目的新文件夹</translation>
    </message>
    <message>
        <source>New project folder</source>
        <translation>新项目文件夹</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>No official CycleGAN checkpoint (…_net_G_A.pth) is in this folder.</source>
        <translation>此文件夹中没有官方 CycleGAN 检查点（…_net_G_A.pth）。</translation>
    </message>
    <message numerus="yes">
        <source>Found %n saved epoch(s) and train_opt.txt.</source>
        <translation>
            <numerusform>找到 %n 个已保存的轮次和 train_opt.txt。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found %n saved epoch(s); without train_opt.txt the paper's settings are used.</source>
        <translation>
            <numerusform>找到 %n 个已保存的轮次；没有 train_opt.txt，将使用论文的设置。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::PreviewView</name>
    <message>
        <source>No preview yet: press Start to train.</source>
        <translation>还没有预览：请按“开始”进行训练。</translation>
    </message>
    <message>
        <source>Step back through earlier previews</source>
        <translation>回看之前的预览</translation>
    </message>
    <message>
        <source>Iteration %1 — each sample, then translated into every domain (in tab order); the row under it brings each translation back</source>
        <translation>第 %1 次迭代 — 每个样本及其转换到各数据域的结果（按标签页顺序）；下面一行把每个转换结果转换回来</translation>
    </message>
    <message>
        <source>Rows: a sample of each domain, translated into every domain; below it, each translation brought back to the sample's domain</source>
        <translation>各行：每个数据域的一个样本，转换到所有数据域；其下一行把每个转换结果转换回样本所在的数据域</translation>
    </message>
    <message>
        <source>Columns: %1</source>
        <translation>各列：%1</translation>
    </message>
    <message>
        <source>Iteration %1 — each picture, its translation, and the translation brought back</source>
        <translation>第 %1 次迭代 — 每张图片、它的转换结果，以及转换回来的结果</translation>
    </message>
    <message>
        <source>→ %1</source>
        <translation>→ %1</translation>
    </message>
    <message>
        <source>→ back to %1</source>
        <translation>→ 回到 %1</translation>
    </message>
</context>
<context>
    <name>ui::StyleDropZone</name>
    <message>
        <source>Choose Folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>A folder of pictures</source>
        <translation>图片文件夹</translation>
    </message>
    <message>
        <source>Drop a folder of pictures here</source>
        <translation>把图片文件夹拖到这里</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n picture(s)&lt;/b&gt; in %1</source>
        <translation>
            <numerusform>%1 中有 &lt;b&gt;%n 张图片&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 places</source>
        <translation>%1 个位置</translation>
    </message>
</context>
<context>
    <name>ui::TrainPanel</name>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Generator width (filters in the first layer)</source>
        <translation>生成器宽度（第一层的滤波器数）</translation>
    </message>
    <message>
        <source>Residual blocks in each generator</source>
        <translation>每个生成器中的残差块数</translation>
    </message>
    <message>
        <source>LSGAN (least squares)</source>
        <translation>LSGAN（最小二乘）</translation>
    </message>
    <message>
        <source>Vanilla (cross-entropy)</source>
        <translation>原始 GAN（交叉熵）</translation>
    </message>
    <message>
        <source>Adversarial loss</source>
        <translation>对抗损失</translation>
    </message>
    <message>
        <source>Automatic (GPU if present)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>CPU threads; 0 uses all cores</source>
        <translation>CPU 线程数；0 表示使用全部核心</translation>
    </message>
    <message>
        <source>all %1 cores</source>
        <translation>全部 %1 个核心</translation>
    </message>
    <message>
        <source>Generator width:</source>
        <translation>生成器宽度：</translation>
    </message>
    <message>
        <source>Residual blocks:</source>
        <translation>残差块：</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <source>λ cycle:</source>
        <translation>λ 循环：</translation>
    </message>
    <message>
        <source>GAN loss:</source>
        <translation>GAN 损失：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>种子：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程：</translation>
    </message>
    <message>
        <source>Preview every:</source>
        <translation>预览间隔：</translation>
    </message>
    <message>
        <source>Estimated from the network's size and a short measurement of this device</source>
        <translation>根据网络规模和对本设备的简短测量估算</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Start or continue training (Ctrl+Enter)</source>
        <translation>开始或继续训练（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Pause training; the model stays in memory</source>
        <translation>暂停训练；模型保留在内存中</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop training and save a checkpoint</source>
        <translation>停止训练并保存检查点</translation>
    </message>
    <message>
        <source>The image size must be a multiple of 4.</source>
        <translation>图像尺寸必须是 4 的倍数。</translation>
    </message>
    <message>
        <source>Training needs at least one epoch.</source>
        <translation>训练至少需要一轮。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Estimate:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;估算：&lt;/b&gt;%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Estimate on %1:&lt;/b&gt; about %2 per iteration; %3 for all %L4 iterations. About %5 of memory%6. %7 million parameters.</source>
        <translation>&lt;b&gt;在 %1 上的估算：&lt;/b&gt;每次迭代约 %2；全部 %L4 次迭代需 %3。约需 %5 内存%6。%7 百万个参数。</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source> (%1 free)</source>
        <translation>（可用 %1）</translation>
    </message>
    <message>
        <source>This will not fit in the free memory. Lower the image size, the batch size or the generator width, or choose the Sketch preset.</source>
        <translation>可用内存不足。请减小图像尺寸、批大小或生成器宽度，或选择“草图”预设。</translation>
    </message>
    <message>
        <source>This will be very slow. The Sketch preset trains about 20 times faster per iteration; fewer epochs or a CUDA GPU also help.</source>
        <translation>这会非常慢。“草图”预设每次迭代约快 20 倍；减少轮数或使用 CUDA GPU 也有帮助。</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>the encoder</source>
        <translation>编码器</translation>
    </message>
    <message numerus="yes">
        <source>the first %n residual block(s)</source>
        <translation>
            <numerusform>前 %n 个残差块</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Fine-tuning&lt;/b&gt; %1. Frozen in both generators: %2.</source>
        <translation>&lt;b&gt;微调&lt;/b&gt; %1。两个生成器中冻结的部分：%2。</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <source> and </source>
        <translation>和</translation>
    </message>
    <message>
        <source>The weights came from %1; frozen parts keep them while training.</source>
        <translation>权重来自 %1；训练时冻结的部分保持不变。</translation>
    </message>
    <message>
        <source>Multi-scale cycle loss: the cycle L1 summed over the levels of a Laplacian pyramid. 1 level is the paper's plain cycle loss.</source>
        <translation>多尺度循环损失：在拉普拉斯金字塔的各层上求和的循环 L1。1 层即论文中的普通循环损失。</translation>
    </message>
    <message>
        <source>1 (off)</source>
        <translation>1（关闭）</translation>
    </message>
    <message>
        <source>One weight per pyramid level, finest first, separated by commas</source>
        <translation>每个金字塔层一个权重，从最精细的一层开始，用逗号分隔</translation>
    </message>
    <message>
        <source>weights:</source>
        <translation>权重：</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Weight of the feature-space cycle loss: the distance between features of each image and of its reconstruction</source>
        <translation>特征空间循环损失的权重：每张图像与其重建图像的特征之间的距离</translation>
    </message>
    <message>
        <source>the discriminators' features</source>
        <translation>判别器的特征</translation>
    </message>
    <message>
        <source>A TorchScript feature network (.pt) taking an image in [-1, 1]; leave empty to use the discriminators' intermediate features</source>
        <translation>输入为 [-1, 1] 图像的 TorchScript 特征网络（.pt）；留空则使用判别器的中间特征</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose a TorchScript feature network file</source>
        <translation>选择 TorchScript 特征网络文件</translation>
    </message>
    <message>
        <source>Multi-scale cycle:</source>
        <translation>多尺度循环：</translation>
    </message>
    <message>
        <source>Feature cycle:</source>
        <translation>特征循环：</translation>
    </message>
    <message>
        <source>Feature network</source>
        <translation>特征网络</translation>
    </message>
    <message>
        <source>TorchScript files (*.pt *.pth *.ptl);;All files (*)</source>
        <translation>TorchScript 文件 (*.pt *.pth *.ptl);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Feature cycle loss off.</source>
        <translation>特征循环损失已关闭。</translation>
    </message>
    <message>
        <source>Features: the discriminators' intermediate layers (D_B for A images, D_A for B images). Pretrained VGG weights are not used: the app downloads nothing.</source>
        <translation>特征：判别器的中间层（A 图像用 D_B，B 图像用 D_A）。不使用预训练的 VGG 权重：本应用不下载任何内容。</translation>
    </message>
    <message>
        <source>Features: the TorchScript network %1, frozen.</source>
        <translation>特征：TorchScript 网络 %1（冻结）。</translation>
    </message>
    <message numerus="yes">
        <source>Give %n pyramid weight(s), not negative, at least one above zero, separated by commas.</source>
        <translation>
            <numerusform>请给出 %n 个金字塔权重，不能为负，至少一个大于零，用逗号分隔。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The image size is too small for %n pyramid level(s); the coarsest must be at least 8 px.</source>
        <translation>
            <numerusform>图像尺寸对 %n 个金字塔层来说太小；最粗的一层至少要 8 像素。</numerusform>
        </translation>
    </message>
    <message>
        <source>The feature network file does not exist.</source>
        <translation>特征网络文件不存在。</translation>
    </message>
    <message>
        <source>Discriminator updates per generator update (StarGAN's n_critic; the paper uses 5)</source>
        <translation>每次更新生成器之前判别器的更新次数（StarGAN 的 n_critic；论文使用 5）</translation>
    </message>
    <message>
        <source>Critic updates:</source>
        <translation>判别器更新次数：</translation>
    </message>
    <message>
        <source>Residual blocks in the generator</source>
        <translation>生成器中的残差块数</translation>
    </message>
    <message>
        <source>Generator and discriminator width (conv_dim; the paper uses 64)</source>
        <translation>生成器和判别器的宽度（conv_dim；论文使用 64）</translation>
    </message>
    <message>
        <source>The image size must be at least 16 px.</source>
        <translation>图像尺寸至少为 16 像素。</translation>
    </message>
    <message>
        <source>Sketch — %1 px, fast on a CPU</source>
        <translation>草图 — %1 像素，CPU 上也快</translation>
    </message>
    <message>
        <source>Quick — %1 px</source>
        <translation>快速 — %1 像素</translation>
    </message>
    <message>
        <source>Standard — the paper's %1 px (GPU)</source>
        <translation>标准 — 论文的 %1 像素（GPU）</translation>
    </message>
    <message>
        <source>The seed must be a whole number from 0 to 18446744073709551615.</source>
        <translation>随机种子必须是 0 到 18446744073709551615 之间的整数。</translation>
    </message>
    <message>
        <source>Training on several GPUs cannot pause; Stop saves a checkpoint</source>
        <translation>在多块 GPU 上训练时无法暂停；停止会保存检查点</translation>
    </message>
    <message>
        <source>All GPUs (%1)</source>
        <translation>全部 GPU（%1 块）</translation>
    </message>
    <message>
        <source>A preset fills in every setting for a balance of quality and speed</source>
        <translation>预设会填写所有设置，在质量和速度之间取得平衡</translation>
    </message>
    <message>
        <source>Quality and speed:</source>
        <translation>质量与速度：</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <source>The research settings: network size, loss weights, seed, threads and intervals</source>
        <translation>研究用设置：网络大小、损失权重、随机种子、线程数和间隔</translation>
    </message>
    <message>
        <source>The size of the pictures the model learns from, in pixels. Larger shows finer detail; twice the size takes about four times as long per step.</source>
        <translation>模型学习所用图片的尺寸（像素）。越大细节越多；尺寸加倍，每步时间约为四倍。</translation>
    </message>
    <message>
        <source>Generator width (filters in the first layer): wider learns richer styles, slower</source>
        <translation>生成器宽度（第一层的滤波器数）：越宽学到的风格越丰富，但更慢</translation>
    </message>
    <message>
        <source>Residual blocks in each generator: more allow bigger changes of shape, slower</source>
        <translation>每个生成器中的残差块数：越多越能改变形状，但更慢</translation>
    </message>
    <message>
        <source>Pictures per step</source>
        <translation>每步图片数</translation>
    </message>
    <message>
        <source>Passes over your pictures at full learning speed</source>
        <translation>以完整学习速度遍历图片的次数</translation>
    </message>
    <message>
        <source>Passes over your pictures while learning slows down to a stop</source>
        <translation>学习逐渐减慢直至停止期间遍历图片的次数</translation>
    </message>
    <message>
        <source>then</source>
        <translation>然后</translation>
    </message>
    <message>
        <source>slowing down</source>
        <translation>逐渐减慢</translation>
    </message>
    <message>
        <source>Picture size:</source>
        <translation>图片尺寸：</translation>
    </message>
    <message>
        <source>Passes over your pictures:</source>
        <translation>遍历图片次数：</translation>
    </message>
    <message>
        <source>Weight of the cycle-consistency loss (λ; the paper uses 10)</source>
        <translation>循环一致性损失的权重（λ；论文使用 10）</translation>
    </message>
    <message>
        <source>How strongly a picture must survive the round trip into the other style and back. Towards “keep structure” outlines stay in place; towards “bigger changes” shapes may change more.</source>
        <translation>图片转换到另一风格再转换回来后必须保留多少。越靠近“保持结构”，轮廓越不变；越靠近“更大变化”，形状可以变化越多。</translation>
    </message>
    <message>
        <source>bigger changes</source>
        <translation>更大变化</translation>
    </message>
    <message>
        <source>keep structure</source>
        <translation>保持结构</translation>
    </message>
    <message>
        <source>Asks the model to leave a picture alone when it is already in the target style, which keeps colours close to the original. 0 turns it off; the paper uses 0.5.</source>
        <translation>当图片已经是目标风格时，要求模型尽量不改动它，使颜色接近原图。0 表示关闭；论文使用 0.5。</translation>
    </message>
    <message>
        <source>Keep structure:</source>
        <translation>保持结构：</translation>
    </message>
    <message>
        <source>Keep colours:</source>
        <translation>保持颜色：</translation>
    </message>
    <message>
        <source>Random seed: the same seed and settings train the same model again</source>
        <translation>随机种子：相同的种子和设置会再次训练出相同的模型</translation>
    </message>
    <message>
        <source>Where training runs: a graphics card is many times faster than the processor</source>
        <translation>训练在哪里运行：显卡比处理器快很多倍</translation>
    </message>
    <message>
        <source>Training stops on its own after this much time (pauses do not count) and saves its progress; Start continues it</source>
        <translation>训练在这段时间后自动停止（暂停时间不计）并保存进度；按“开始”可继续</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>at the end of the schedule</source>
        <translation>训练计划结束时</translation>
    </message>
    <message>
        <source>Steps between cycle previews</source>
        <translation>两次循环预览之间的步数</translation>
    </message>
    <message>
        <source>Steps between automatic saves of the training's progress</source>
        <translation>两次自动保存训练进度之间的步数</translation>
    </message>
    <message>
        <source>Stop after:</source>
        <translation>训练时长上限：</translation>
    </message>
    <message>
        <source>Save progress every:</source>
        <translation>保存进度间隔：</translation>
    </message>
    <message>
        <source>The newest preview shows here while training: first noise, then blotches of colour; shapes after a few hundred steps, the new style after a few thousand.</source>
        <translation>训练时这里显示最新的预览：先是噪点，然后是色块；几百步后出现形状，几千步后出现新风格。</translation>
    </message>
    <message>
        <source>Earlier previews; click one to look at it</source>
        <translation>之前的预览；单击查看</translation>
    </message>
    <message>
        <source>Play Time-Lapse</source>
        <translation>播放延时动画</translation>
    </message>
    <message>
        <source>Play the previews from the first to the newest</source>
        <translation>从第一张到最新一张依次播放预览</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>Step %1, the newest preview</source>
        <translation>第 %1 步，最新预览</translation>
    </message>
    <message>
        <source>Step %1 of the previews</source>
        <translation>预览中的第 %1 步</translation>
    </message>
    <message>
        <source>Stop Time-Lapse</source>
        <translation>停止延时动画</translation>
    </message>
</context>
<context>
    <name>ui::TranslateView</name>
    <message>
        <source>Translation direction</source>
        <translation>转换方向</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Save the translated image (Ctrl+Shift+S)</source>
        <translation>保存转换后的图像（Ctrl+Shift+S）</translation>
    </message>
    <message>
        <source>Export Folder…</source>
        <translation>导出文件夹…</translation>
    </message>
    <message>
        <source>Translate every image in a folder into another folder; originals are never touched</source>
        <translation>将一个文件夹中的所有图像转换到另一个文件夹；原图不会被改动</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>Zoom both images (Ctrl+Plus, Ctrl+Minus; Ctrl+0 fits)</source>
        <translation>同时缩放两幅图像（Ctrl+加号、Ctrl+减号；Ctrl+0 适应窗口）</translation>
    </message>
    <message>
        <source>Model: the project's latest checkpoint</source>
        <translation>模型：项目的最新检查点</translation>
    </message>
    <message>
        <source>Zoom:</source>
        <translation>缩放：</translation>
    </message>
    <message>
        <source>Drop an image here</source>
        <translation>把图像拖到这里</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save the translated image</source>
        <translation>保存转换后的图像</translation>
    </message>
    <message>
        <source>Could not save "%1".</source>
        <translation>无法保存“%1”。</translation>
    </message>
    <message>
        <source>Export a translated folder</source>
        <translation>导出转换后的文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Images to translate:</source>
        <translation>要转换的图像：</translation>
    </message>
    <message>
        <source>Folder of images to translate (subfolders included)</source>
        <translation>要转换的图像文件夹（包括子文件夹）</translation>
    </message>
    <message>
        <source>Save translations in:</source>
        <translation>转换结果保存到：</translation>
    </message>
    <message>
        <source>Folder for the translated images</source>
        <translation>存放转换后图像的文件夹</translation>
    </message>
    <message>
        <source>Direction:</source>
        <translation>方向：</translation>
    </message>
    <message>
        <source>Same as each input</source>
        <translation>与各输入文件相同</translation>
    </message>
    <message>
        <source>PNG (lossless)</source>
        <translation>PNG（无损）</translation>
    </message>
    <message>
        <source>JPEG (quality 95)</source>
        <translation>JPEG（质量 95）</translation>
    </message>
    <message>
        <source>WebP (quality 95)</source>
        <translation>WebP（质量 95）</translation>
    </message>
    <message>
        <source>TIFF</source>
        <translation>TIFF</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Subfolders and file names are kept. The originals are never changed.</source>
        <translation>保留子文件夹和文件名。原图永远不会被更改。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Preparing the export…</source>
        <translation>正在准备导出…</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>Translating %1…</source>
        <translation>正在转换 %1…</translation>
    </message>
    <message>
        <source>%1 — %2×%3</source>
        <translation>%1 — %2×%3</translation>
    </message>
    <message>
        <source>Exported %1 of %2 · %3 left</source>
        <translation>已导出 %1/%2 · 剩余 %3</translation>
    </message>
    <message numerus="yes">
        <source>Export cancelled after %n image(s).</source>
        <translation>
            <numerusform>已导出 %n 张图像后取消。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n image(s).</source>
        <translation>
            <numerusform>已导出 %n 张图像。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) skipped:</source>
        <translation>
            <numerusform>跳过了 %n 个文件：</numerusform>
        </translation>
    </message>
    <message>
        <source>Translate an image or a video file (or drop one here)</source>
        <translation>转换一个图像或视频文件（或将其拖到这里）</translation>
    </message>
    <message>
        <source>The frame to preview</source>
        <translation>要预览的帧</translation>
    </message>
    <message>
        <source>Temporal smoothing: how much of the previous frame still parts of the picture keep (0 = off). Reduces flicker; moving parts are not smeared.</source>
        <translation>时间平滑：画面中静止部分保留上一帧的比例（0 = 关闭）。可减少闪烁；运动部分不会被拖影。</translation>
    </message>
    <message>
        <source>Export Video…</source>
        <translation>导出视频…</translation>
    </message>
    <message>
        <source>Translate every frame into a new video file at the same size and frame rate (audio is not carried over)</source>
        <translation>将每一帧转换到一个尺寸和帧率相同的新视频文件中（不保留音频）</translation>
    </message>
    <message>
        <source>Frame:</source>
        <translation>帧：</translation>
    </message>
    <message>
        <source>Smoothing:</source>
        <translation>平滑：</translation>
    </message>
    <message>
        <source>Translate an image or a video</source>
        <translation>转换图像或视频</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <source>Translating a frame of %1…</source>
        <translation>正在转换 %1 的一帧…</translation>
    </message>
    <message>
        <source>%1 translated.mp4</source>
        <translation>%1 转换后.mp4</translation>
    </message>
    <message>
        <source>Export the translated video</source>
        <translation>导出转换后的视频</translation>
    </message>
    <message>
        <source>Export cancelled; no video was written.</source>
        <translation>导出已取消；没有写入任何视频。</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1 (%n frame(s)).</source>
        <translation>
            <numerusform>已写入 %1（%n 帧）。</numerusform>
        </translation>
    </message>
    <message>
        <source>The domain to translate into</source>
        <translation>要转换到的数据域</translation>
    </message>
    <message>
        <source>Images and videos (%1)</source>
        <translation>图像和视频 (%1)</translation>
    </message>
    <message>
        <source>Videos (%1)</source>
        <translation>视频 (%1)</translation>
    </message>
    <message>
        <source>to %1</source>
        <translation>转换为 %1</translation>
    </message>
    <message>
        <source>Drop an image (%1) or a video (%2).</source>
        <translation>请拖入图像（%1）或视频（%2）。</translation>
    </message>
    <message>
        <source>Model: %1 (%2)</source>
        <translation>模型：%1（%2）</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <source>Exported %1 of %2 · estimating the time left…</source>
        <translation>已导出 %1/%2 · 正在估算剩余时间…</translation>
    </message>
    <message>
        <source>Open Output Folder</source>
        <translation>打开输出文件夹</translation>
    </message>
    <message>
        <source>Show %1 in the file manager</source>
        <translation>在文件管理器中显示 %1</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>One picture with a line to drag between the translation and the original, instead of two side by side</source>
        <translation>把转换结果和原图叠成一张，用可拖动的分隔线对比，而不是并排显示</translation>
    </message>
    <message>
        <source>%1 · made by %2</source>
        <translation>%1 · 由%2生成</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原图</translation>
    </message>
    <message numerus="yes">
        <source>%1 × %2, %3 fps, %n frame(s)</source>
        <translation>
            <numerusform>%1 × %2，%3 帧/秒，%n 帧</numerusform>
        </translation>
    </message>
    <message>
        <source>This version cannot carry the sound over.</source>
        <translation>此版本无法保留声音。</translation>
    </message>
    <message>
        <source>No sound.</source>
        <translation>没有声音。</translation>
    </message>
    <message>
        <source>The sound is kept in the translated video.</source>
        <translation>转换后的视频会保留声音。</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <extracomment>A video's size and length, then what happens to its sound.</extracomment>
        <translation>%1。%2</translation>
    </message>
    <message>
        <source>PNG, 16 bits per channel (for print)</source>
        <translation>PNG，每通道 16 位（用于打印）</translation>
    </message>
    <message>
        <source>TIFF, 16 bits per channel (for print)</source>
        <translation>TIFF，每通道 16 位（用于打印）</translation>
    </message>
    <message>
        <source>16 bits per channel keep the model's full precision: smooth gradients without banding when the picture is printed or edited further. The files are about twice as large.</source>
        <translation>每通道 16 位保留模型的全部精度：打印或继续编辑时渐变平滑、没有色带。文件大约大一倍。</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>PNG, 16 bits per channel, for print (*.png)</source>
        <translation>PNG，每通道 16 位，用于打印 (*.png)</translation>
    </message>
    <message>
        <source>TIFF, 16 bits per channel, for print (*.tif *.tiff)</source>
        <translation>TIFF，每通道 16 位，用于打印 (*.tif *.tiff)</translation>
    </message>
    <message>
        <source>16 bits per channel are saved as PNG or TIFF; "%1" is neither.</source>
        <translation>每通道 16 位只能保存为 PNG 或 TIFF；“%1”两者都不是。</translation>
    </message>
    <message>
        <source>Saving %1 with 16 bits per channel…</source>
        <translation>正在以每通道 16 位保存 %1…</translation>
    </message>
</context>
<context>
    <name>ui::UserGuide</name>
    <message>
        <source>CycleStudio User Guide</source>
        <translation>CycleStudio 用户指南</translation>
    </message>
    <message>
        <source>en</source>
        <comment>the language code of this translation, for the user guide</comment>
        <translation>zh_CN</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>后退</translation>
    </message>
</context>
<context>
    <name>ui::WelcomeView</name>
    <message>
        <source>&lt;h1&gt;Welcome to CycleStudio&lt;/h1&gt;</source>
        <translation>&lt;h1&gt;欢迎使用 CycleStudio&lt;/h1&gt;</translation>
    </message>
    <message>
        <source>Teach your computer to turn pictures of one style into another — photos into watercolours, summer into winter — from two folders of examples. The pictures do not need to match up: CycleStudio learns the look of each folder.</source>
        <translation>通过两个文件夹的示例，教您的电脑把一种风格的图片变成另一种——照片变水彩、夏天变冬天。图片不需要一一对应：CycleStudio 学习的是每个文件夹的整体样子。</translation>
    </message>
    <message>
        <source>New Project…</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <source>Name your two styles, drop a folder of pictures for each and say how long to train</source>
        <translation>为两种风格命名，为每种拖入一个图片文件夹，并选择训练多久</translation>
    </message>
    <message>
        <source>Try the Demo</source>
        <translation>试用演示</translation>
    </message>
    <message>
        <source>Photos and paintings that come with CycleStudio: training starts at once, and the first shapes show after a few minutes</source>
        <translation>CycleStudio 自带的照片和绘画：训练立即开始，几分钟后即可看到初步的形状</translation>
    </message>
    <message>
        <source>Open Project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <source>Open a CycleStudio project folder</source>
        <translation>打开 CycleStudio 项目文件夹</translation>
    </message>
    <message>
        <source>Import Model…</source>
        <translation>导入模型…</translation>
    </message>
    <message>
        <source>Translate pictures with a model someone shared: a CycleStudio model (.csm) or a PyTorch CycleGAN generator (.pth)</source>
        <translation>用别人分享的模型转换图片：CycleStudio 模型 (.csm) 或 PyTorch CycleGAN 生成器 (.pth)</translation>
    </message>
    <message>
        <source>Double-click a project to open it</source>
        <translation>双击项目即可打开</translation>
    </message>
    <message>
        <source>Reopen the last project when CycleStudio starts</source>
        <translation>启动 CycleStudio 时重新打开上次的项目</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recent projects&lt;/b&gt;</source>
        <translation>&lt;b&gt;最近的项目&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No recent projects yet</source>
        <translation>还没有最近的项目</translation>
    </message>
</context>
<context>
    <name>ui::format</name>
    <message>
        <source>%1 days %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
</context>
</TS>
